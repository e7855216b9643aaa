package dev.gpuarb.cli.kafka;

import dev.gpuarb.serde.AvroDeserializer;
import dev.gpuarb.serde.AvroSerializer;
import java.util.HashMap;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Producers and consumers for catalog topics: string keys, Avro values, the given client settings. */
public final class TopicClients {

    private TopicClients() {}

    public static <V extends SpecificRecord> KafkaProducer<String, V> producer(Map<String, Object> clientProps) {
        Map<String, Object> props = new HashMap<>(clientProps);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        AvroSerializer<V> values = new AvroSerializer<>();
        values.configure(props, false);
        return new KafkaProducer<>(props, new StringSerializer(), values);
    }

    /** A consumer without a group (assign + seek), reading only committed transactional output. */
    public static <V> KafkaConsumer<String, V> reader(
            Map<String, Object> clientProps, Class<? extends SpecificRecord> type) {
        Map<String, Object> props = new HashMap<>(clientProps);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        AvroDeserializer<V> values = new AvroDeserializer<>(type);
        values.configure(props, false);
        return new KafkaConsumer<>(props, new StringDeserializer(), values);
    }
}
