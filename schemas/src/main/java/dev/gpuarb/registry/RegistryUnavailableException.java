package dev.gpuarb.registry;

/**
 * The registry could not be reached, or answered 5xx, after the configured retries. Retriable: the
 * caller (a producer, a Connect task) may try again later and nothing is lost by doing so.
 */
public class RegistryUnavailableException extends SchemaRegistryException {

    public RegistryUnavailableException(
            String message, String subject, Integer schemaId, int httpStatus, Throwable cause) {
        super(message, subject, schemaId, httpStatus, 0, cause);
    }
}
