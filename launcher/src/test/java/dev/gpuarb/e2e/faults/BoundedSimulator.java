package dev.gpuarb.e2e.faults;

import dev.gpuarb.avro.GpuPriceObservation;
import dev.gpuarb.cli.local.PipelineConnectors;
import dev.gpuarb.connectors.core.Emission;
import dev.gpuarb.connectors.core.OffsetLookup;
import dev.gpuarb.connectors.simulator.SimulatorConfig;
import dev.gpuarb.connectors.simulator.SimulatorSource;
import dev.gpuarb.topics.Topic;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The local run's simulator, stopped after a fixed number of ticks, and the GPU price records it
 * must deliver: computed by running the same seeded source in this JVM, outside Kafka, so the
 * test's expectation does not depend on the pipeline it checks.
 */
record BoundedSimulator(Map<String, String> connectorConfig, List<String> expectedGpuPrices) {

    /** {@code ticks} simulated minutes, {@code ticksPerPoll} of them each half second. */
    static BoundedSimulator of(int ticks, int ticksPerPoll) {
        Instant start = Instant.now().minus(Duration.ofHours(6)).truncatedTo(ChronoUnit.HOURS);
        Map<String, String> config = PipelineConnectors.simulator(start);
        config.put(SimulatorConfig.MAX_TICKS, Integer.toString(ticks));
        config.put(SimulatorConfig.TICKS_PER_POLL, Integer.toString(ticksPerPoll));
        config.put("poll.interval.ms", "500");
        // Prices that never expire are never re-sent: what is delivered is exactly the seeded market's changes.
        config.put("price.ttl.ms", "0");
        SimulatorSource reference = new SimulatorSource(new SimulatorConfig(config));
        List<String> expected = new ArrayList<>();
        while (!reference.finished()) {
            for (Emission e : reference.poll(OffsetLookup.none())) {
                if (e.topic() == Topic.GPU_PRICES) {
                    expected.add(identity((GpuPriceObservation) e.value()));
                }
            }
        }
        return new BoundedSimulator(config, List.copyOf(expected));
    }

    /** What identifies one source record: the offer and the time of its observation. */
    static String identity(GpuPriceObservation o) {
        return o.getOfferId() + "@" + o.getObservedAt().toEpochMilli();
    }
}
