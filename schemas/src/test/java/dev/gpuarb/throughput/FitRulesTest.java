package dev.gpuarb.throughput;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gpuarb.vocab.GpuModels;
import dev.gpuarb.vocab.GpuSpec;
import org.junit.jupiter.api.Test;

class FitRulesTest {

    private static final double GIB = 1024.0 * 1024 * 1024;

    private final ThroughputModel model = new ThroughputModel();
    private final GpuSpec h100 = GpuModels.byCanonicalName("H100-80GB").orElseThrow();
    private final GpuSpec l4 = GpuModels.byCanonicalName("L4").orElseThrow();
    private final ModelShape llama70b =
            KnownModels.byName("llama-3.1-70b-instruct").orElseThrow().shape();
    private final ModelShape llama8b =
            KnownModels.byName("llama-3.1-8b-instruct").orElseThrow().shape();

    @Test
    void llama70bInBf16NeedsTwo80GbGpus() {
        Workload modest = new Workload(8, 4096);
        ThroughputEstimate one = model.estimate(Deployment.of(llama70b, WeightFormat.BF16, h100, 1), modest);
        ThroughputEstimate two = model.estimate(Deployment.of(llama70b, WeightFormat.BF16, h100, 2), modest);
        // 141 GB of weights against 90 % of 80 GiB; then 2 x 72 GiB less weights for 8 x 4,096 tokens x 320 KiB.
        assertThat(70_553_706_496L * 2.0).isGreaterThan(0.9 * 80 * GIB);
        assertThat(70_553_706_496L * 2.0 + 8 * 4096 * (2.0 * 80 * 8 * 128 * 2)).isLessThan(0.9 * 160 * GIB);
        assertThat(one.fits()).isFalse();
        assertThat(one.decodeLimit()).isEqualTo(DecodeLimit.DOES_NOT_FIT);
        assertThat(one.decodeTokensPerSecond()).isEmpty();
        assertThat(model.maxBatch(Deployment.of(llama70b, WeightFormat.BF16, h100, 1), 1))
                .isZero();
        assertThat(two.fits()).isTrue();
        assertThat(two.decodeTokensPerSecond()).isPresent();
    }

    @Test
    void aLargeKvCacheMakesAFittingModelNotFit() {
        Deployment oneL4 = Deployment.of(llama8b, WeightFormat.BF16, l4, 1);
        assertThat(model.estimate(oneL4, new Workload(1, 1024)).fits()).isTrue();
        ThroughputEstimate crowded = model.estimate(oneL4, new Workload(256, 8192));
        assertThat(crowded.fits()).isFalse();
        // 256 x 8,192 tokens x 128 KiB of keys and values is 275 GB, the L4 has 24 GiB.
        assertThat(crowded.memory().kvCacheBytes()).isEqualTo(256.0 * 8192 * (2 * 32 * 8 * 128 * 2));
    }

    @Test
    void maxBatchIsTheLargestThatFits() {
        Deployment oneL4 = Deployment.of(llama8b, WeightFormat.BF16, l4, 1);
        int context = 8192;
        double perSequence = 2.0 * 32 * 8 * 128 * 2 * context;
        int expected = (int) Math.floor((0.9 * 24 * GIB - 8_030_261_248L * 2.0) / perSequence);
        assertThat(expected).isEqualTo(6);
        assertThat(model.maxBatch(oneL4, context)).isEqualTo(expected);
        assertThat(model.estimate(oneL4, new Workload(expected, context)).fits())
                .isTrue();
        assertThat(model.estimate(oneL4, new Workload(expected + 1, context)).fits())
                .isFalse();
    }

    @Test
    void fewerKvHeadsThanGpusRepeatTheCache() {
        ModelShape qwen7b =
                KnownModels.byName("qwen2.5-7b-instruct").orElseThrow().shape();
        double perSequence = 2.0 * 28 * 4 * 128 * 2 * 1000;
        assertThat(model.memoryFit(Deployment.of(qwen7b, WeightFormat.BF16, h100, 4), new Workload(1, 1000))
                        .kvCacheBytes())
                .isEqualTo(perSequence);
        // Eight GPUs, four KV heads: each head is held by two GPUs.
        assertThat(model.memoryFit(Deployment.of(qwen7b, WeightFormat.BF16, h100, 8), new Workload(1, 1000))
                        .kvCacheBytes())
                .isEqualTo(2 * perSequence);
    }

    @Test
    void anFp8CacheHalvesTheCache() {
        Deployment bf16Cache = Deployment.of(llama8b, WeightFormat.BF16, l4, 1);
        Deployment fp8Cache = bf16Cache.withKvCacheBytesPerElement(1);
        assertThat(model.maxBatch(fp8Cache, 8192)).isGreaterThanOrEqualTo(2 * model.maxBatch(bf16Cache, 8192));
    }
}
