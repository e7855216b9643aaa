package dev.gpuarb.streams.latency;

import com.datadoghq.sketch.ddsketch.DDSketch;
import dev.gpuarb.avro.EndpointLatencySummary;
import java.nio.ByteBuffer;
import java.time.Instant;

/** Builds the published per-window summary from the window aggregate. */
public final class LatencySummaries {

    private LatencySummaries() {}

    /** {@code relativeAccuracy} is the sketch's, for latencies still pending when the window closes. */
    public static EndpointLatencySummary toSummary(
            String endpointId, LatencyAccumulator window, long start, long end, double relativeAccuracy) {
        LatencyAccumulator acc = window.folded(relativeAccuracy);
        DDSketch sketch = LatencySketch.decode(acc.sketch());
        return EndpointLatencySummary.newBuilder()
                .setEndpointId(endpointId)
                .setWindowStart(Instant.ofEpochMilli(start))
                .setWindowEnd(Instant.ofEpochMilli(end))
                .setRequestCount(acc.requests())
                .setErrorCount(acc.errors())
                .setErrorRate((double) acc.errors() / acc.requests())
                .setP50Ms(sketch.getValueAtQuantile(0.50))
                .setP99Ms(sketch.getValueAtQuantile(0.99))
                .setSketch(ByteBuffer.wrap(acc.sketch()))
                .build();
    }
}
