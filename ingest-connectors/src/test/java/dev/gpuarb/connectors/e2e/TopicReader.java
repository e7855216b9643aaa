package dev.gpuarb.connectors.e2e;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads a whole topic from the beginning as raw bytes, so that tests can check the wire format
 * themselves. Reads only committed records: with exactly-once source support an aborted
 * transaction's records are on the log but must not count.
 */
final class TopicReader {

    private static final Duration QUIET = Duration.ofSeconds(3);

    private final Map<String, Object> clientProperties;

    TopicReader(Map<String, Object> clientProperties) {
        this.clientProperties = clientProperties;
    }

    /** How many records the topic holds once at least one is there (no quiet period: a snapshot mid-stream). */
    int awaitFirst(String topic, Duration timeout) {
        return read(topic, 1, timeout, Duration.ZERO).size();
    }

    /**
     * Reads until at least {@code atLeast} records arrived or {@code timeout} passed, then keeps
     * reading for a quiet period so that duplicates arriving late are seen too.
     */
    List<ConsumerRecord<String, byte[]>> readAll(String topic, int atLeast, Duration timeout) {
        return read(topic, atLeast, timeout, QUIET);
    }

    private List<ConsumerRecord<String, byte[]>> read(String topic, int atLeast, Duration timeout, Duration quiet) {
        Map<String, Object> props = new HashMap<>(clientProperties);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "e2e-reader-" + System.nanoTime());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.keySet().removeIf(k -> k.startsWith("schema.registry"));
        List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer =
                new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + timeout.toNanos();
            while (records.size() < atLeast && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(300)).forEach(records::add);
            }
            long quietEnd = System.nanoTime() + quiet.toNanos();
            while (System.nanoTime() < quietEnd) {
                consumer.poll(Duration.ofMillis(300)).forEach(records::add);
            }
        }
        return records;
    }
}
