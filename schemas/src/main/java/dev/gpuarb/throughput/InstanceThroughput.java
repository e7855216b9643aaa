package dev.gpuarb.throughput;

import java.util.Optional;
import java.util.OptionalDouble;

/**
 * What a whole instance of GPUs serves when {@code concurrentSequences} sequences share it: the figure
 * that prices a rented instance per token, since the instance is paid for whether its GPUs are busy or not.
 *
 * <p>The instance runs copies of the model, each on {@code tensorParallel} GPUs, a power of two that divides
 * the GPU count (serving engines split attention heads evenly, and head counts are multiples of powers of
 * two). The sequences are spread as evenly as possible over the copies; with fewer sequences than copies
 * only {@code activeCopies} work. Of the layouts that fit, the one with the most output tokens/s is used:
 * wide copies read the weights once for more sequences and take shorter steps, narrow ones lose less to
 * tensor parallelism, and which wins depends on the model, the GPU and the load.
 *
 * @param tensorParallel GPUs per copy
 * @param copies copies the instance holds
 * @param activeCopies copies serving at least one sequence
 * @param decodeTokensPerSecond output tokens/s of the whole instance
 * @param prefillTokensPerSecond prompt tokens/s of the whole instance (a pass over each copy's prompts of
 *        {@code contextTokens}); empty when a copy's estimate has none (a measurement without a datasheet)
 * @param perSequenceTokensPerSecond output tokens/s a sequence sees on the most loaded copy
 * @param decodeLimit what sets the speed of the most loaded copy
 */
public record InstanceThroughput(
        int tensorParallel,
        int copies,
        int activeCopies,
        double decodeTokensPerSecond,
        OptionalDouble prefillTokensPerSecond,
        double perSequenceTokensPerSecond,
        DecodeLimit decodeLimit) {

    /**
     * The best layout of {@code onInstance.gpus()} GPUs for {@code concurrentSequences} sequences of
     * {@code contextTokens} each; empty when no layout fits or the GPU has no throughput figure.
     */
    public static Optional<InstanceThroughput> best(
            ThroughputModel model, Deployment onInstance, int concurrentSequences, int contextTokens) {
        if (concurrentSequences < 1) {
            throw new IllegalArgumentException("concurrentSequences must be >= 1");
        }
        Optional<InstanceThroughput> best = Optional.empty();
        int gpus = onInstance.gpus();
        for (int degree = 1; degree <= gpus; degree *= 2) {
            if (gpus % degree != 0) {
                continue;
            }
            Optional<InstanceThroughput> layout =
                    layout(model, onInstance.onGpus(degree), gpus / degree, concurrentSequences, contextTokens);
            if (layout.isPresent()
                    && (best.isEmpty()
                            || layout.get().decodeTokensPerSecond() > best.get().decodeTokensPerSecond())) {
                best = layout;
            }
        }
        return best;
    }

    private static Optional<InstanceThroughput> layout(
            ThroughputModel model, Deployment copy, int copies, int sequences, int contextTokens) {
        int active = Math.min(copies, sequences);
        int perCopy = sequences / active;
        int heavier = sequences % active; // copies that carry one sequence more than perCopy
        ThroughputEstimate light = model.estimate(copy, new Workload(perCopy, contextTokens));
        ThroughputEstimate heavy =
                heavier == 0 ? light : model.estimate(copy, new Workload(perCopy + 1, contextTokens));
        if (!heavy.fits()
                || heavy.decodeTokensPerSecond().isEmpty()
                || light.decodeTokensPerSecond().isEmpty()) {
            return Optional.empty();
        }
        int lighter = active - heavier;
        double decode = heavier * heavy.decodeTokensPerSecond().getAsDouble()
                + lighter * light.decodeTokensPerSecond().getAsDouble();
        OptionalDouble prefill = heavy.prefillTokensPerSecond().isPresent()
                        && light.prefillTokensPerSecond().isPresent()
                ? OptionalDouble.of(heavier * heavy.prefillTokensPerSecond().getAsDouble()
                        + lighter * light.prefillTokensPerSecond().getAsDouble())
                : OptionalDouble.empty();
        return Optional.of(new InstanceThroughput(
                copy.gpus(),
                copies,
                active,
                decode,
                prefill,
                heavy.perSequenceTokensPerSecond().getAsDouble(),
                heavy.decodeLimit()));
    }
}
