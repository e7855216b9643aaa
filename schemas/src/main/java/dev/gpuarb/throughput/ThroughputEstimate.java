package dev.gpuarb.throughput;

import dev.gpuarb.vocab.GpuDatasheet;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * The answer for one deployment and workload.
 *
 * @param memory weights and KV cache against usable memory
 * @param fits whether the deployment can serve the workload: the memory fits, or a measurement covers the batch
 * @param decodeTokensPerSecond output tokens/s of the whole deployment; empty when it does not fit or
 *        has no datasheet figure and no measurement
 * @param prefillTokensPerSecond prompt tokens/s of the whole deployment (a pass over {@code batch} prompts
 *        of {@code contextTokens}); empty in the same cases, and when only a measurement is known
 * @param decodeLimit what sets the decode speed, or why there is none
 * @param datasheet the figures used, if any
 * @param batch the workload's concurrent sequences
 */
public record ThroughputEstimate(
        MemoryFit memory,
        boolean fits,
        OptionalDouble decodeTokensPerSecond,
        OptionalDouble prefillTokensPerSecond,
        DecodeLimit decodeLimit,
        Optional<GpuDatasheet> datasheet,
        int batch) {

    /** Output tokens/s each sequence sees: one token per decode step. */
    public OptionalDouble perSequenceTokensPerSecond() {
        return decodeTokensPerSecond.isPresent()
                ? OptionalDouble.of(decodeTokensPerSecond.getAsDouble() / batch)
                : OptionalDouble.empty();
    }

    /** Seconds per decode step. */
    public OptionalDouble decodeStepSeconds() {
        return decodeTokensPerSecond.isPresent()
                ? OptionalDouble.of(batch / decodeTokensPerSecond.getAsDouble())
                : OptionalDouble.empty();
    }
}
