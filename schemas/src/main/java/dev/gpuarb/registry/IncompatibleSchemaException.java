package dev.gpuarb.registry;

/** The registry refused a schema because it breaks the subject's compatibility level. */
public class IncompatibleSchemaException extends SchemaRegistryException {

    public IncompatibleSchemaException(String message, String subject, int httpStatus, int errorCode) {
        super(message, subject, null, httpStatus, errorCode, null);
    }
}
