package dev.gpuarb.serde;

import org.apache.kafka.common.errors.SerializationException;

/**
 * A record could not be serialized or deserialized. The message and the accessors name the topic,
 * the registry subject and the schema id involved, whichever are known.
 */
public class AvroSerdeException extends SerializationException {

    private final String topic;
    private final String subject;
    private final Integer schemaId;

    public AvroSerdeException(String message, String topic, String subject, Integer schemaId, Throwable cause) {
        super(message, cause);
        this.topic = topic;
        this.subject = subject;
        this.schemaId = schemaId;
    }

    public String topic() {
        return topic;
    }

    public String subject() {
        return subject;
    }

    public Integer schemaId() {
        return schemaId;
    }

    static String where(String topic, String subject, Integer schemaId) {
        StringBuilder sb = new StringBuilder("[topic=").append(topic);
        if (subject != null) {
            sb.append(", subject=").append(subject);
        }
        if (schemaId != null) {
            sb.append(", schema id=").append(schemaId);
        }
        return sb.append(']').toString();
    }
}
