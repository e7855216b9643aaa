package dev.gpuarb.throughput;

import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Output tokens/s someone measured for a model on a GPU model, at some batch sizes. It replaces the
 * estimate for that (model, GPU, GPU count); other batch sizes are read off the measurements:
 * <ul>
 *   <li>at a measured batch: the measurement;</li>
 *   <li>between two measured batches: the decode step time (batch / tokens per second) is interpolated
 *       linearly in the batch size, as memory-bound steps grow linearly with the KV cache read, and
 *       tokens/s = batch / interpolated step time;</li>
 *   <li>below the smallest measured batch: that batch's step time (a smaller batch is no slower per
 *       step, so this errs low);</li>
 *   <li>above the largest measured batch: that batch's tokens/s (nothing beyond what was measured is
 *       claimed).</li>
 * </ul>
 *
 * @param model model name; resolved through {@link KnownModels} when it names a known model
 * @param gpuModel GPU model; resolved to the canonical name through the GPU vocabulary when it can be
 * @param gpus GPUs the measurement ran on (tensor parallel)
 * @param outputTokensPerSecondByBatch output tokens/s of the whole deployment, by concurrent sequences
 */
public record MeasuredThroughput(
        String model, String gpuModel, int gpus, NavigableMap<Integer, Double> outputTokensPerSecondByBatch) {

    public MeasuredThroughput {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(gpuModel, "gpuModel");
        if (gpus < 1) {
            throw new IllegalArgumentException("gpus must be >= 1");
        }
        if (outputTokensPerSecondByBatch.isEmpty()) {
            throw new IllegalArgumentException("at least one measured batch size is required");
        }
        for (Map.Entry<Integer, Double> point : outputTokensPerSecondByBatch.entrySet()) {
            if (point.getKey() < 1
                    || point.getValue() == null
                    || !(point.getValue() > 0)
                    || point.getValue().isInfinite()) {
                throw new IllegalArgumentException("measurements need batch >= 1 and finite tokens/s > 0: " + point);
            }
        }
        outputTokensPerSecondByBatch =
                java.util.Collections.unmodifiableNavigableMap(new TreeMap<>(outputTokensPerSecondByBatch));
    }

    /** A measurement on one GPU. */
    public static MeasuredThroughput onOneGpu(
            String model, String gpuModel, Map<Integer, Double> tokensPerSecondByBatch) {
        return new MeasuredThroughput(model, gpuModel, 1, new TreeMap<>(tokensPerSecondByBatch));
    }

    public int largestMeasuredBatch() {
        return outputTokensPerSecondByBatch.lastKey();
    }

    /** Output tokens/s at {@code batch}, read off the measurements as the class documents. */
    public double outputTokensPerSecond(int batch) {
        if (batch < 1) {
            throw new IllegalArgumentException("batch must be >= 1");
        }
        Map.Entry<Integer, Double> below = outputTokensPerSecondByBatch.floorEntry(batch);
        Map.Entry<Integer, Double> above = outputTokensPerSecondByBatch.ceilingEntry(batch);
        if (below == null) {
            return batch / stepSeconds(above);
        }
        if (above == null) {
            return below.getValue();
        }
        if (below.getKey() == batch) {
            return below.getValue();
        }
        double share = (double) (batch - below.getKey()) / (above.getKey() - below.getKey());
        double step = stepSeconds(below) + share * (stepSeconds(above) - stepSeconds(below));
        return batch / step;
    }

    private static double stepSeconds(Map.Entry<Integer, Double> point) {
        return point.getKey() / point.getValue();
    }
}
