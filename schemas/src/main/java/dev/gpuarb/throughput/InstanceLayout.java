package dev.gpuarb.throughput;

import java.util.OptionalDouble;

/**
 * How an instance's GPUs serve a model: copies of {@code tensorParallel} GPUs each.
 *
 * @param tensorParallel GPUs per copy
 * @param copies copies on the instance
 * @param perCopy the estimate for one copy
 */
public record InstanceLayout(int tensorParallel, int copies, ThroughputEstimate perCopy) {

    /** Output tokens/s of the whole instance. */
    public OptionalDouble decodeTokensPerSecond() {
        return times(perCopy.decodeTokensPerSecond());
    }

    /** Prompt tokens/s of the whole instance. */
    public OptionalDouble prefillTokensPerSecond() {
        return times(perCopy.prefillTokensPerSecond());
    }

    private OptionalDouble times(OptionalDouble value) {
        return value.isPresent() ? OptionalDouble.of(value.getAsDouble() * copies) : OptionalDouble.empty();
    }
}
