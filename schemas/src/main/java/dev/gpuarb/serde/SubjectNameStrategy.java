package dev.gpuarb.serde;

import org.apache.avro.Schema;
import org.apache.kafka.common.config.ConfigException;

/**
 * How a registry subject is named for a record, as in Confluent's serde.
 * TOPIC: {@code <topic>-value} (or {@code -key}), one schema lineage per topic.
 * RECORD: the record's full name, one lineage per type across topics.
 * TOPIC_RECORD: {@code <topic>-<full name>}, several types per topic.
 */
public enum SubjectNameStrategy {
    TOPIC,
    RECORD,
    TOPIC_RECORD;

    public String subject(String topic, boolean isKey, Schema schema) {
        return switch (this) {
            case TOPIC -> topic + (isKey ? "-key" : "-value");
            case RECORD -> schema.getFullName();
            case TOPIC_RECORD -> topic + "-" + schema.getFullName();
        };
    }

    /** Accepts our short names and Confluent's class names, so existing configs carry over. */
    public static SubjectNameStrategy parse(String value) {
        String v = value.trim();
        int dot = v.lastIndexOf('.');
        String simple = dot >= 0 ? v.substring(dot + 1) : v;
        return switch (simple.toLowerCase().replace("_", "").replace("-", "")) {
            case "topic", "topicnamestrategy" -> TOPIC;
            case "record", "recordnamestrategy" -> RECORD;
            case "topicrecord", "topicrecordnamestrategy" -> TOPIC_RECORD;
            default ->
                throw new ConfigException(
                        AvroSerdeConfig.SUBJECT_NAME_STRATEGY, value, "expected topic, record or topic-record");
        };
    }
}
