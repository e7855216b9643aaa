package dev.gpuarb.registry;

/** The registry does not know the schema id, the subject, or the schema under the subject. */
public class SchemaNotFoundException extends SchemaRegistryException {

    public SchemaNotFoundException(String message, String subject, Integer schemaId, int httpStatus, int errorCode) {
        super(message, subject, schemaId, httpStatus, errorCode, null);
    }
}
