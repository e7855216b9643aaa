package dev.gpuarb.throughput;

import dev.gpuarb.vocab.GpuFormFactor;
import dev.gpuarb.vocab.GpuSpec;
import java.util.Objects;
import java.util.Optional;

/**
 * One copy of a model served on {@code gpus} GPUs of the same model in tensor parallel.
 *
 * @param shape the model
 * @param weights how the weights are stored
 * @param gpu the GPU model (its memory comes from the vocabulary)
 * @param formFactor the board, when the offer says; otherwise datasheet figures of the slower board
 * @param gpus GPUs the model is split over (tensor parallel degree)
 * @param kvCacheBytesPerElement bytes per KV-cache element: 2 (bf16/fp16, the default) or 1 (fp8 cache)
 */
public record Deployment(
        ModelShape shape,
        WeightFormat weights,
        GpuSpec gpu,
        Optional<GpuFormFactor> formFactor,
        int gpus,
        double kvCacheBytesPerElement) {

    public static final double DEFAULT_KV_CACHE_BYTES_PER_ELEMENT = 2.0;

    public Deployment {
        Objects.requireNonNull(shape, "shape");
        Objects.requireNonNull(weights, "weights");
        Objects.requireNonNull(gpu, "gpu");
        Objects.requireNonNull(formFactor, "formFactor");
        if (gpus < 1) {
            throw new IllegalArgumentException("gpus must be >= 1");
        }
        if (!(kvCacheBytesPerElement > 0)) {
            throw new IllegalArgumentException("kvCacheBytesPerElement must be positive");
        }
    }

    public static Deployment of(ModelShape shape, WeightFormat weights, GpuSpec gpu, int gpus) {
        return new Deployment(shape, weights, gpu, Optional.empty(), gpus, DEFAULT_KV_CACHE_BYTES_PER_ELEMENT);
    }

    public Deployment onBoard(GpuFormFactor board) {
        return new Deployment(shape, weights, gpu, Optional.of(board), gpus, kvCacheBytesPerElement);
    }

    public Deployment withKvCacheBytesPerElement(double bytes) {
        return new Deployment(shape, weights, gpu, formFactor, gpus, bytes);
    }

    public Deployment onGpus(int count) {
        return new Deployment(shape, weights, gpu, formFactor, count, kvCacheBytesPerElement);
    }

    /**
     * How many copies of the KV cache the GPUs hold together: each GPU needs at least one KV head, so
     * when there are fewer KV heads than GPUs the heads are repeated (and a latent cache, one "head", is
     * held whole by every GPU).
     */
    double kvCacheReplication() {
        return Math.max(1.0, (double) gpus / shape.attention().kvHeads());
    }

    /** Bytes of KV cache one sequence occupies across all GPUs of the deployment. */
    double kvCacheBytesPerSequence(int contextTokens) {
        return shape.kvCacheElementsPerSequence(contextTokens) * kvCacheBytesPerElement * kvCacheReplication();
    }

    double weightBytes() {
        return shape.totalParams() * weights.bytesPerWeight();
    }

    /** Memory of all GPUs, bytes; the vocabulary lists GPU memory in GiB. */
    double memoryCapacityBytes() {
        return (double) gpus * gpu.memoryGb() * (1L << 30);
    }
}
