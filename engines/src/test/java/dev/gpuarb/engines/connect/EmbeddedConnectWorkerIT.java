package dev.gpuarb.engines.connect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gpuarb.engines.kafka.EmbeddedKafkaBroker;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real Connect worker in both modes resumes from committed offsets across a restart. */
class EmbeddedConnectWorkerIT {

    private static EmbeddedKafkaBroker broker;

    @TempDir
    Path dir;

    @BeforeAll
    static void startBroker() {
        broker = EmbeddedKafkaBroker.start();
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }

    @Test
    void distributedWorkerResumesWithoutDuplicates() {
        runAndRestart(
                EmbeddedConnectWorker.Config.distributed(
                        broker.bootstrapServers(),
                        "connect-test",
                        Map.of("value.converter", "org.apache.kafka.connect.storage.StringConverter")),
                "counted-distributed");
    }

    @Test
    void standaloneWorkerResumesWithoutDuplicates() {
        runAndRestart(
                EmbeddedConnectWorker.Config.standalone(
                        broker.bootstrapServers(),
                        dir,
                        Map.of("value.converter", "org.apache.kafka.connect.storage.StringConverter")),
                "counted-standalone");
    }

    private void runAndRestart(EmbeddedConnectWorker.Config config, String topic) {
        broker.createTopics(List.of(new NewTopic(topic, 1, (short) 1)));
        try (EmbeddedConnectWorker worker = EmbeddedConnectWorker.start(config)) {
            assertThat(worker.restUrl()).startsWith("http://127.0.0.1:");
            worker.putConnector(
                    "counter",
                    Map.of(
                            "connector.class",
                            CountingSourceConnector.class.getName(),
                            "tasks.max",
                            "1",
                            "topic",
                            topic,
                            "limit",
                            "50"));
            worker.awaitRunning("counter", 1, Duration.ofSeconds(60));
            List<String> first = readAll(topic, 50);
            assertThat(first).hasSize(50);

            worker.restart();
            worker.putConnector(
                    "counter",
                    Map.of(
                            "connector.class",
                            CountingSourceConnector.class.getName(),
                            "tasks.max",
                            "1",
                            "topic",
                            topic,
                            "limit",
                            "80"));
            worker.awaitRunning("counter", 1, Duration.ofSeconds(60));
            List<String> all = readAll(topic, 80);
            List<String> expected = new ArrayList<>();
            for (int i = 0; i < 80; i++) {
                expected.add(Integer.toString(i));
            }
            assertThat(all).containsExactlyElementsOf(expected);
        }
    }

    private static List<String> readAll(String topic, int atLeast) {
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(
                Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        broker.bootstrapServers(),
                        ConsumerConfig.GROUP_ID_CONFIG,
                        "reader-" + System.nanoTime(),
                        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                        "earliest"),
                new StringDeserializer(),
                new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (values.size() < atLeast && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(300))) {
                    values.add(r.value());
                }
            }
            // A little longer, so duplicates arriving late would be seen.
            for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofSeconds(2))) {
                values.add(r.value());
            }
        }
        return values;
    }
}
