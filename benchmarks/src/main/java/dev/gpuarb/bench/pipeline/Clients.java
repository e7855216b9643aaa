package dev.gpuarb.bench.pipeline;

import dev.gpuarb.serde.AvroDeserializer;
import dev.gpuarb.serde.AvroSerializer;
import dev.gpuarb.streams.config.AppConfig;
import java.util.HashMap;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Kafka clients of the harness, speaking the project's Avro serde against the real registry. */
public final class Clients {

    private final Map<String, Object> base;

    public Clients(Map<String, Object> brokerClientProps, String registryUrl) {
        base = new HashMap<>(brokerClientProps);
        base.put(AppConfig.SCHEMA_REGISTRY_URL, registryUrl);
    }

    public Map<String, Object> props() {
        return new HashMap<>(base);
    }

    /** A producer for loading input: batched, acks=all, idempotent. */
    public KafkaProducer<String, SpecificRecord> bulkProducer() {
        Map<String, Object> p = props();
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        return producer(p);
    }

    /** A producer for paced ticks: sends at once. */
    public KafkaProducer<String, SpecificRecord> promptProducer() {
        Map<String, Object> p = props();
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        return producer(p);
    }

    private static KafkaProducer<String, SpecificRecord> producer(Map<String, Object> p) {
        AvroSerializer<SpecificRecord> values = new AvroSerializer<>();
        values.configure(p, false);
        return new KafkaProducer<>(p, new StringSerializer(), values);
    }

    /** A consumer of Avro values into generated classes; read_committed when asked. */
    public <T> KafkaConsumer<String, T> consumer(String groupId, boolean readCommitted, Map<String, Object> extra) {
        Map<String, Object> p = props();
        p.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, readCommitted ? "read_committed" : "read_uncommitted");
        p.put("specific.avro.reader", true);
        p.putAll(extra);
        AvroDeserializer<T> values = new AvroDeserializer<>();
        values.configure(p, false);
        return new KafkaConsumer<>(p, new StringDeserializer(), values);
    }
}
