package dev.gpuarb.e2e.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gpuarb.avro.RoutePolicy;
import dev.gpuarb.avro.WorkloadKind;
import dev.gpuarb.serde.AvroSerializer;
import dev.gpuarb.topics.Topic;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * The schema registry goes away in the middle of a stream. A producer that needs it fails with an
 * error naming the registry and the subject; the Connect worker is restarted meanwhile, so its
 * source and sink converters start with empty schema caches and must wait for the registry: they
 * back off instead of failing or dropping records. When the registry returns (same port, same
 * data), every source record arrives in Kafka and in ClickHouse exactly once.
 */
class RegistryOutageIT {

    private static final int TICKS = 40;
    private static final Duration OUTAGE = Duration.ofSeconds(20);

    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path dir;

    @Test
    void producersAndConvertersWaitForTheRegistryAndLoseNothing() throws Exception {
        BoundedSimulator simulator = BoundedSimulator.of(TICKS, 1);
        List<String> expected = simulator.expectedGpuPrices();
        assertThat(expected).doesNotHaveDuplicates();

        try (RunningPipeline pipeline = new RunningPipeline(dir);
                Deliveries deliveries = new Deliveries(pipeline)) {
            pipeline.startSimulator(simulator.connectorConfig());
            Deliveries.await(
                    "the stream to reach ClickHouse",
                    Duration.ofMinutes(2),
                    () -> deliveries.gpuPricesInClickHouse().size() > expected.size() / 10,
                    () -> deliveries.gpuPricesInClickHouse().size() + " of " + expected.size() + " rows");

            pipeline.registry.stopProcess();
            try {
                assertThatThrownBy(() -> sendPolicy(pipeline))
                        .as("a producer that must register a schema while the registry is away")
                        .hasStackTraceContaining(pipeline.registry.url())
                        .hasStackTraceContaining(Topic.ROUTE_POLICIES.topicName() + "-value");

                // Fresh converters: the simulator's and the sink's tasks start again without cached schemas.
                pipeline.connect.restart();
                int heldBack = deliveries.committedCount(Topic.GPU_PRICES);
                Thread.sleep(OUTAGE.toMillis());
                assertThat(deliveries.committedCount(Topic.GPU_PRICES))
                        .as("records sent while no schema could be registered")
                        .isEqualTo(heldBack);
                assertThat(heldBack)
                        .as("the outage came before the source was through")
                        .isLessThan(expected.size());
                for (String connector : List.of(RunningPipeline.SIMULATOR, RunningPipeline.SINK)) {
                    assertThat(pipeline.connect.status(connector).path("tasks").findValuesAsText("state"))
                            .as("tasks of %s back off instead of failing", connector)
                            .containsOnly("RUNNING");
                }
                System.out.printf(
                        "registry outage test: registry away for %d s after the worker restart, with %d of %d"
                                + " GPU records in Kafka%n",
                        OUTAGE.toSeconds(), heldBack, expected.size());
            } finally {
                pipeline.registry.restart();
            }

            deliveries.assertEachSourceRecordOnceInKafkaAndClickHouse("registry outage test", expected);
            assertThat(pipeline.streams.state()).isEqualTo(KafkaStreams.State.RUNNING);
            sendPolicy(pipeline); // and producers work again
        }
    }

    private static void sendPolicy(RunningPipeline pipeline) throws Exception {
        Map<String, Object> props = new HashMap<>(pipeline.clientProperties());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
        AvroSerializer<SpecificRecord> values = new AvroSerializer<>();
        values.configure(props, false);
        RoutePolicy policy = RoutePolicy.newBuilder()
                .setRouteId("outage-probe")
                .setKind(WorkloadKind.GPU_HOURS)
                .setGpuModel("H100-80GB")
                .setUpdatedAt(Instant.now())
                .build();
        try (KafkaProducer<String, SpecificRecord> producer =
                new KafkaProducer<>(props, new StringSerializer(), values)) {
            producer.send(new ProducerRecord<>(Topic.ROUTE_POLICIES.topicName(), policy.getRouteId(), policy))
                    .get();
        }
    }
}
