package dev.gpuarb.streams.latency;

import com.datadoghq.sketch.ddsketch.DDSketch;
import dev.gpuarb.avro.EndpointObservation;
import dev.gpuarb.avro.RequestStatus;
import java.util.Arrays;

/**
 * Request and error counts of one endpoint in one window, with a quantile sketch of the latencies. The
 * latest latencies wait in {@code pending} (at most {@value #PENDING_MAX}) and join the sketch together:
 * decoding and re-encoding the sketch for every observation took a sixth of routing's time. They join in
 * the order they arrived, so the sketch is the one that adding them one by one would give.
 */
public record LatencyAccumulator(long requests, long errors, byte[] sketch, double[] pending) {

    /** Latencies held before they join the sketch: 512 bytes at most in the stored value. */
    public static final int PENDING_MAX = 64;

    private static final double[] NONE = new double[0];

    public LatencyAccumulator {
        pending = pending == null ? NONE : pending; // values stored by versions without pending latencies
    }

    /** Every latency in the sketch, as earlier versions stored it. */
    public LatencyAccumulator(long requests, long errors, byte[] sketch) {
        this(requests, errors, sketch, NONE);
    }

    public static LatencyAccumulator empty() {
        return new LatencyAccumulator(0, 0, null, NONE);
    }

    public LatencyAccumulator add(EndpointObservation o, double relativeAccuracy) {
        double[] next = Arrays.copyOf(pending, pending.length + 1);
        next[pending.length] = o.getLatencyMs();
        long newErrors = errors + (o.getStatus() == RequestStatus.OK ? 0 : 1);
        LatencyAccumulator added = new LatencyAccumulator(requests + 1, newErrors, sketch, next);
        return next.length >= PENDING_MAX ? added.folded(relativeAccuracy) : added;
    }

    /** The same window with every pending latency added to the sketch, in arrival order. */
    public LatencyAccumulator folded(double relativeAccuracy) {
        if (pending.length == 0) {
            return this;
        }
        DDSketch s = sketch == null ? LatencySketch.create(relativeAccuracy) : LatencySketch.decode(sketch);
        for (double latencyMs : pending) {
            s.accept(latencyMs);
        }
        return new LatencyAccumulator(requests, errors, LatencySketch.encode(s), NONE);
    }
}
