package dev.gpuarb.registry;

import org.apache.kafka.common.KafkaException;

/**
 * A schema registry call failed. Carries the subject and schema id involved (either may be null)
 * and, when the registry answered, its HTTP status and Confluent error code.
 */
public class SchemaRegistryException extends KafkaException {

    private final String subject;
    private final Integer schemaId;
    private final int httpStatus;
    private final int errorCode;

    public SchemaRegistryException(
            String message, String subject, Integer schemaId, int httpStatus, int errorCode, Throwable cause) {
        super(message, cause);
        this.subject = subject;
        this.schemaId = schemaId;
        this.httpStatus = httpStatus;
        this.errorCode = errorCode;
    }

    public SchemaRegistryException(String message, String subject, Integer schemaId) {
        this(message, subject, schemaId, 0, 0, null);
    }

    /** Subject involved, or null. */
    public String subject() {
        return subject;
    }

    /** Schema id involved, or null. */
    public Integer schemaId() {
        return schemaId;
    }

    /** HTTP status of the registry's answer; 0 when there was no answer. */
    public int httpStatus() {
        return httpStatus;
    }

    /** Confluent error code (e.g. 40401 subject not found, 40403 schema not found, 409 incompatible); 0 if none. */
    public int errorCode() {
        return errorCode;
    }
}
