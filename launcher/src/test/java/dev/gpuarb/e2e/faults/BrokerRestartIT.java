package dev.gpuarb.e2e.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Kafka broker stops and starts again (same port, same data) in the middle of a stream while
 * the whole pipeline runs: the simulator in a Connect worker, the Streams application and the
 * ClickHouse sink. Every source record reaches {@code prices.gpu} and the GPU price table exactly
 * once, and every sink table holds exactly the records committed in its topic.
 */
class BrokerRestartIT {

    private static final int TICKS = 40;
    private static final Duration DOWN = Duration.ofSeconds(10);

    /** Kept when the test fails: it holds the registry's log and the engines' data. */
    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path dir;

    @Test
    void aBrokerRestartMidStreamLosesAndDuplicatesNothingFromSourceToClickHouse() throws Exception {
        BoundedSimulator simulator = BoundedSimulator.of(TICKS, 1);
        List<String> expected = simulator.expectedGpuPrices();
        assertThat(expected)
                .as("the simulator's GPU records are told apart by offer and time")
                .doesNotHaveDuplicates();

        try (RunningPipeline pipeline = new RunningPipeline(dir);
                Deliveries deliveries = new Deliveries(pipeline)) {
            pipeline.startSimulator(simulator.connectorConfig());

            // Mid-stream: some records are through, most are still to come.
            Deliveries.await(
                    "the stream to reach ClickHouse",
                    Duration.ofMinutes(2),
                    () -> deliveries.gpuPricesInClickHouse().size() > expected.size() / 10,
                    () -> deliveries.gpuPricesInClickHouse().size() + " of " + expected.size() + " rows");
            int inKafkaBeforeRestart = deliveries.gpuPricesInKafka().size();
            pipeline.kafka.stopServer();
            Thread.sleep(DOWN.toMillis()); // long enough for every client to see failed requests
            pipeline.kafka.restart();
            System.out.printf(
                    "broker restart test: broker down for %d s with %d of %d GPU records in Kafka%n",
                    DOWN.toSeconds(), inKafkaBeforeRestart, expected.size());
            assertThat(inKafkaBeforeRestart)
                    .as("the broker restarted before the source was through")
                    .isLessThan(expected.size());

            deliveries.assertEachSourceRecordOnceInKafkaAndClickHouse("broker restart test", expected);
            assertThat(pipeline.streams.state()).isEqualTo(KafkaStreams.State.RUNNING);
            assertThat(pipeline.connect
                            .status(RunningPipeline.SIMULATOR)
                            .path("tasks")
                            .findValuesAsText("state"))
                    .containsOnly("RUNNING");
            assertThat(pipeline.connect
                            .status(RunningPipeline.SINK)
                            .path("tasks")
                            .findValuesAsText("state"))
                    .containsOnly("RUNNING");
        }
    }
}
