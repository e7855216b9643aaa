package dev.gpuarb.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gpuarb.avro.GpuPriceObservation;
import dev.gpuarb.avro.PricingModel;
import dev.gpuarb.avro.RejectedRecord;
import dev.gpuarb.avro.RoutePolicy;
import dev.gpuarb.avro.WorkloadKind;
import dev.gpuarb.cli.kafka.TopicClients;
import dev.gpuarb.engines.net.FreePorts;
import dev.gpuarb.topics.Topic;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code gpuarb up} left running past the moment that used to stop it: a simulator started in the
 * past at 60x used to date prices more than an hour ahead of the clock about a minute (here) after
 * its start, which Kafka refused and which stopped Kafka Streams for good. Prices and a policy dated
 * in the future are also written straight to the input topics. The run must stay up, refuse those
 * inputs with reasons, and never date a simulated price in the future. Then a part is killed, and
 * {@code up} must say so and stop instead of running on without it.
 */
class UpStaysUpProcessIT {

    @TempDir
    Path state;

    @Test
    void staysUpPastTheFutureAndStopsLoudlyWhenAPartDies() throws Exception {
        // At 60x from two minutes back, the old simulator passed now + 1 h after about 64 s.
        Instant simulatorStart = Instant.now().minus(Duration.ofMinutes(2));
        Files.writeString(state.resolve("simulator-start"), simulatorStart + "\n", StandardCharsets.UTF_8);
        String kafkaPort = Integer.toString(FreePorts.pick());
        List<String> args = List.of(
                "up",
                "--state-dir",
                state.toString(),
                "--kafka-port",
                kafkaPort,
                "--registry-port",
                Integer.toString(FreePorts.pick()),
                "--clickhouse-port",
                Integer.toString(FreePorts.pick()),
                "--connect-port",
                Integer.toString(FreePorts.pick()),
                "--api-port",
                "0",
                "--sources",
                "sim");

        UpChild up = UpChild.start(args, state);
        try {
            up.awaitLine(l -> l.contains("Press Ctrl-C to stop"), Duration.ofMinutes(5));
            Instant running = Instant.now();
            Map<String, Object> client = clientProperties();

            // The sink's ClickHouse password never reaches Connect's REST API: it holds a reference.
            String password = Files.readString(state.resolve("clickhouse.password"), StandardCharsets.UTF_8)
                    .strip();
            String sinkConfig = java.net.http.HttpClient.newHttpClient()
                    .send(
                            java.net.http.HttpRequest.newBuilder(java.net.URI.create(
                                            endpoint("kafka_connect") + "/connectors/clickhouse-sink/config"))
                                    .build(),
                            java.net.http.HttpResponse.BodyHandlers.ofString())
                    .body();
            assertThat(sinkConfig)
                    .contains("clickhouse.password")
                    .contains("${file:")
                    .doesNotContain(password);

            String futureOffer = "future-test|us-east-1|p5.48xlarge|SPOT";
            try (KafkaProducer<String, SpecificRecord> producer = TopicClients.producer(client)) {
                producer.send(new ProducerRecord<>(
                                Topic.GPU_PRICES.topicName(),
                                futureOffer,
                                futurePrice(futureOffer, Instant.now().plus(Duration.ofHours(3)))))
                        .get();
                producer.send(new ProducerRecord<>(
                                Topic.ROUTE_POLICIES.topicName(),
                                "from-the-future",
                                futurePolicy(Instant.now().plus(Duration.ofDays(2)))))
                        .get();
            }
            up.awaitLine(
                    l -> l.contains("from-the-future") && l.contains("NO_ROUTE") && l.contains("policy refused"),
                    Duration.ofMinutes(3));
            List<RejectedRecord> rejects = awaitRejects(
                    client,
                    r -> r.getReason().equals("FUTURE_TIMESTAMP")
                            && r.getRawExcerpt().contains(futureOffer),
                    Duration.ofMinutes(2));
            assertThat(rejects).isNotEmpty();

            // Run past the old failure point with margin, then check the run is still whole.
            long waitMs = Duration.ofSeconds(100).toMillis()
                    - Duration.between(running, Instant.now()).toMillis();
            if (waitMs > 0) {
                assertThat(up.process.waitFor(waitMs, TimeUnit.MILLISECONDS))
                        .as("up exited early:\n%s", up.output())
                        .isFalse();
            }
            assertThat(up.output()).doesNotContain("STOPPING");
            Instant latest = latestGpuObservation(client);
            assertThat(latest)
                    .as("the simulator never dates a price ahead of the wall clock")
                    .isBefore(Instant.now().plus(Duration.ofSeconds(61)));
            assertThat(latest)
                    .as("the simulator caught up with the clock")
                    .isAfter(simulatorStart.plus(Duration.ofMinutes(1)));

            // A dead part stops the run with a message that names it.
            // The registry's JVM itself, not the watchdog shell that started it (killing the shell would
            // leave the JVM running without a parent).
            ProcessHandle registry = up.process
                    .descendants()
                    .filter(p -> p.info().command().orElse("").endsWith("/java")
                            && p.info().commandLine().orElse("").contains("apicurio"))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("no registry JVM under up"));
            registry.destroyForcibly();
            assertThat(up.process.waitFor(2, TimeUnit.MINUTES))
                    .as("up stops when a part dies:\n%s", up.output())
                    .isTrue();
            assertThat(up.process.exitValue()).isEqualTo(3);
            assertThat(up.output()).contains("STOPPING: schema registry failed").contains("Run ./gpuarb up again");
            assertThat(registry.isAlive()).isFalse();
        } finally {
            up.kill();
        }
    }

    private Map<String, Object> clientProperties() throws Exception {
        return Map.of("bootstrap.servers", endpoint("kafka"), "schema.registry.url", endpoint("schema_registry"));
    }

    private String endpoint(String name) throws Exception {
        Properties endpoints = new Properties();
        endpoints.load(
                new StringReader(Files.readString(state.resolve("endpoints.properties"), StandardCharsets.UTF_8)));
        return endpoints.getProperty(name);
    }

    private static GpuPriceObservation futurePrice(String offerId, Instant at) {
        return GpuPriceObservation.newBuilder()
                .setOfferId(offerId)
                .setProvider("future-test")
                .setRegion("us-east-1")
                .setZone(null)
                .setInstanceType("p5.48xlarge")
                .setGpuModel("H100-80GB")
                .setGpuCount(8)
                .setGpuMemoryGb(80)
                .setPricingModel(PricingModel.SPOT)
                .setUsdPerHour(16.0)
                .setUsdPerGpuHour(2.0)
                .setCurrency("USD")
                .setOriginalAmount(16.0)
                .setObservedAt(at)
                .setSource("test")
                .setComplianceTags(List.of())
                .setAttributes(Map.of())
                .build();
    }

    private static RoutePolicy futurePolicy(Instant at) {
        return RoutePolicy.newBuilder()
                .setRouteId("from-the-future")
                .setKind(WorkloadKind.GPU_HOURS)
                .setGpuModel("H100-80GB")
                .setUpdatedAt(at)
                .build();
    }

    private static List<RejectedRecord> awaitRejects(
            Map<String, Object> client, java.util.function.Predicate<RejectedRecord> wanted, Duration timeout) {
        List<RejectedRecord> found = new ArrayList<>();
        try (KafkaConsumer<String, RejectedRecord> consumer = TopicClients.reader(client, RejectedRecord.class)) {
            consumer.assign(partitions(consumer, Topic.REJECTED.topicName()));
            long deadline = System.nanoTime() + timeout.toNanos();
            while (found.isEmpty() && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, RejectedRecord> r : consumer.poll(Duration.ofSeconds(1))) {
                    if (wanted.test(r.value())) {
                        found.add(r.value());
                    }
                }
            }
        }
        return found;
    }

    /** The latest observation time on prices.gpu other than the injected one. */
    private static Instant latestGpuObservation(Map<String, Object> client) {
        Instant latest = Instant.EPOCH;
        try (KafkaConsumer<String, GpuPriceObservation> consumer =
                TopicClients.reader(client, GpuPriceObservation.class)) {
            List<TopicPartition> partitions = partitions(consumer, Topic.GPU_PRICES.topicName());
            consumer.assign(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))
                    && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, GpuPriceObservation> r : consumer.poll(Duration.ofSeconds(1))) {
                    if (!"future-test".equals(r.value().getProvider())
                            && r.value().getObservedAt().isAfter(latest)) {
                        latest = r.value().getObservedAt();
                    }
                }
            }
        }
        return latest;
    }

    private static List<TopicPartition> partitions(KafkaConsumer<?, ?> consumer, String topic) {
        return consumer.partitionsFor(topic).stream()
                .map(p -> new TopicPartition(topic, p.partition()))
                .toList();
    }
}
