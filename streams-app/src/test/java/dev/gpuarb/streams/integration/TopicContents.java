package dev.gpuarb.streams.integration;

import dev.gpuarb.serde.AvroDeserializer;
import dev.gpuarb.serde.AvroSerdeConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads a whole topic from the beginning to its current end, decoding Avro values through the
 * registry. With {@link IsolationLevel#READ_COMMITTED} the end is the last stable offset and
 * records of aborted transactions are skipped: what a downstream consumer would see.
 */
final class TopicContents {

    private final Map<String, Object> clientProps;

    TopicContents(Map<String, Object> clientProps) {
        this.clientProps = clientProps;
    }

    /** Value text per key, in the order the topic holds them (one key lives in one partition). */
    Map<String, List<String>> valuesByKey(String topic, Duration timeout) {
        Map<String, List<String>> byKey = new TreeMap<>();
        for (ConsumerRecord<String, Object> r : records(topic, IsolationLevel.READ_COMMITTED, timeout)) {
            byKey.computeIfAbsent(r.key(), k -> new ArrayList<>()).add(String.valueOf(r.value()));
        }
        return byKey;
    }

    int count(String topic, IsolationLevel isolation, Duration timeout) {
        return records(topic, isolation, timeout).size();
    }

    private List<ConsumerRecord<String, Object>> records(String topic, IsolationLevel isolation, Duration timeout) {
        Map<String, Object> props = new HashMap<>(clientProps);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation.name().toLowerCase(Locale.ROOT));
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(AvroSerdeConfig.SPECIFIC_READER, true);
        AvroDeserializer<Object> values = new AvroDeserializer<>();
        values.configure(props, false);
        try (KafkaConsumer<String, Object> consumer = new KafkaConsumer<>(props, new StringDeserializer(), values)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, timeout).stream()
                    .map(p -> new TopicPartition(topic, p.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = new LinkedHashMap<>(consumer.endOffsets(partitions, timeout));
            List<ConsumerRecord<String, Object>> records = new ArrayList<>();
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!reached(consumer, end)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(
                            "could not read " + topic + " to its end " + end + " within " + timeout);
                }
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
            return records;
        }
    }

    private static boolean reached(KafkaConsumer<?, ?> consumer, Map<TopicPartition, Long> end) {
        return end.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue());
    }
}
