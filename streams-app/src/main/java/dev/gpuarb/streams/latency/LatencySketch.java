package dev.gpuarb.streams.latency;

import com.datadoghq.sketch.ddsketch.DDSketch;
import com.datadoghq.sketch.ddsketch.DDSketches;
import com.datadoghq.sketch.ddsketch.encoding.ByteArrayInput;
import com.datadoghq.sketch.ddsketch.encoding.GrowingByteArrayOutput;
import com.datadoghq.sketch.ddsketch.store.CollapsingLowestDenseStore;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * DDSketch helpers. The sketch has a bounded number of bins; when full it merges the lowest ones,
 * which keeps the tail (p99) within the relative accuracy. Sketches from different windows or
 * instances merge exactly, which is why the serialized form is published with each summary.
 */
public final class LatencySketch {

    static final int MAX_BINS = 2048;

    private LatencySketch() {}

    public static DDSketch create(double relativeAccuracy) {
        return DDSketches.logarithmicCollapsingLowestDense(relativeAccuracy, MAX_BINS);
    }

    public static DDSketch decode(byte[] bytes) {
        try {
            return DDSketch.decode(ByteArrayInput.wrap(bytes), () -> new CollapsingLowestDenseStore(MAX_BINS));
        } catch (IOException e) {
            throw new UncheckedIOException("corrupt latency sketch", e);
        }
    }

    /** The library's own compact encoding (with the index mapping, so any reader can decode it). */
    public static byte[] encode(DDSketch sketch) {
        GrowingByteArrayOutput out = GrowingByteArrayOutput.withDefaultInitialCapacity();
        try {
            sketch.encode(out, false);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode latency sketch", e);
        }
        return out.trimmedCopy();
    }
}
