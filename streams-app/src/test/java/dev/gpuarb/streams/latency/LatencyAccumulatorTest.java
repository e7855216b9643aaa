package dev.gpuarb.streams.latency;

import static org.assertj.core.api.Assertions.assertThat;

import com.datadoghq.sketch.ddsketch.DDSketch;
import com.datadoghq.sketch.ddsketch.DDSketches;
import dev.gpuarb.avro.RequestStatus;
import dev.gpuarb.streams.Fixtures;
import java.time.Instant;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Latencies held back and added to the sketch in batches give the sketch of adding them one by one. */
class LatencyAccumulatorTest {

    private static final double ACCURACY = 0.01;
    private final LatencyAccumulatorSerde serde = new LatencyAccumulatorSerde();

    @Test
    void aWindowAddedThroughTheStoreEndsWithTheSketchOfEveryLatencyInOrder() {
        Random random = new Random(7);
        for (int observations : new int[] {
            1,
            2,
            LatencyAccumulator.PENDING_MAX - 1,
            LatencyAccumulator.PENDING_MAX,
            LatencyAccumulator.PENDING_MAX + 1,
            1_000
        }) {
            // The library directly, one latency at a time: what the window's summary must describe.
            DDSketch expected = DDSketches.logarithmicCollapsingLowestDense(ACCURACY, LatencySketch.MAX_BINS);
            LatencyAccumulator window = LatencyAccumulator.empty();
            long errors = 0;
            for (int i = 0; i < observations; i++) {
                double latencyMs = Math.exp(random.nextGaussian() * 1.5 + 4);
                RequestStatus status = random.nextInt(10) == 0 ? RequestStatus.TIMEOUT : RequestStatus.OK;
                errors += status == RequestStatus.OK ? 0 : 1;
                expected.accept(latencyMs);
                window = window.add(Fixtures.request("e", latencyMs, status, Instant.EPOCH), ACCURACY);
                // Every step goes through the store's serde, as the windowed aggregate does.
                window =
                        serde.deserializer().deserialize("t", serde.serializer().serialize("t", window));
                assertThat(window.pending().length).isLessThan(LatencyAccumulator.PENDING_MAX);
            }

            var summary = LatencySummaries.toSummary("e", window, 0, 60_000, ACCURACY);

            assertThat(summary.getRequestCount()).isEqualTo(observations);
            assertThat(summary.getErrorCount()).isEqualTo(errors);
            DDSketch published = LatencySketch.decode(summary.getSketch().array());
            assertThat(published.getCount()).isEqualTo(observations);
            for (double q : new double[] {0.0, 0.25, 0.5, 0.9, 0.99, 1.0}) {
                assertThat(published.getValueAtQuantile(q))
                        .as("%d observations, quantile %s", observations, q)
                        .isEqualTo(expected.getValueAtQuantile(q));
            }
            assertThat(summary.getP99Ms()).isEqualTo(expected.getValueAtQuantile(0.99));
            assertThat(summary.getSketch().array())
                    .as("the published sketch, byte for byte")
                    .containsExactly(LatencySketch.encode(expected));
        }
    }
}
