package dev.gpuarb.throughput;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gpuarb.vocab.GpuFormFactor;
import dev.gpuarb.vocab.GpuModels;
import dev.gpuarb.vocab.GpuSpec;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/**
 * Larger and mixture-of-experts shapes follow from the one H200 calibration. Bounds are worked out here
 * from datasheet figures and the measured data, not by the production code.
 */
class GeneralisationTest {

    private static final double H200_GBPS = 4800;
    private static final double H200_BF16_TFLOPS = 989.5;
    private static final double H100_SXM_GBPS = 3350;

    private final ThroughputModel model = new ThroughputModel();
    private final GpuSpec h200 = GpuModels.byCanonicalName("H200").orElseThrow();
    private final GpuSpec h100 = GpuModels.byCanonicalName("H100-80GB").orElseThrow();

    @Test
    void llama70bOnTwoH200sLiesBetweenTheMeasuredFloorAndTheRoofline() throws IOException {
        ModelShape shape =
                KnownModels.byName("llama-3.1-70b-instruct").orElseThrow().shape();
        double worstMeasuredBandwidthFraction = H200Measurements.decode().lowestAchievedBandwidthFraction();
        H200Measurements.Prefill prefill = H200Measurements.prefill();
        double measuredFlopsFraction = measuredPrefillFlopsFraction(prefill);
        Deployment twoH200 = Deployment.of(shape, WeightFormat.BF16, h200, 2).onBoard(GpuFormFactor.SXM);
        int context = 2048;
        for (int batch : new int[] {1, 8, 32, 64}) {
            double kv = batch * 2.0 * 80 * 8 * 128 * context * 2;
            double weightsAll = shape.totalParams() * 2.0;
            double weightsLeast = (shape.totalParams() - 2.0 * 128_256 * 8192) * 2.0;
            double flopsMost = batch * (2.0 * shape.totalParams() + 4.0 * 64 * 128 * 80 * context);
            double flopsLeast = batch * 2.0 * (shape.totalParams() - 2.0 * 128_256 * 8192);
            // Upper: two GPUs at datasheet speed. Lower: no better than one GPU at the worst measured rates.
            double upper = batch
                    / Math.max((weightsLeast + kv) / (2 * H200_GBPS * 1e9), flopsLeast / (2 * H200_BF16_TFLOPS * 1e12));
            double lower = batch
                    / Math.max(
                            (weightsAll + kv) / (worstMeasuredBandwidthFraction * H200_GBPS * 1e9),
                            flopsMost / (measuredFlopsFraction * H200_BF16_TFLOPS * 1e12));
            double estimate = model.estimate(twoH200, new Workload(batch, context))
                    .decodeTokensPerSecond()
                    .orElseThrow();
            System.out.printf(
                    "llama-3.1-70b bf16 on 2 x H200, batch %d: %.0f tok/s (bounds %.0f..%.0f)%n",
                    batch, estimate, lower, upper);
            assertThat(estimate).as("batch %d", batch).isBetween(lower, upper);
        }
    }

    @Test
    void aMixtureReadsItsActiveExpertsForOneTokenButHoldsAllOfThem() {
        ModelShape mixtral =
                KnownModels.byName("mixtral-8x7b-instruct-v0.1").orElseThrow().shape();
        Deployment oneH200 = Deployment.of(mixtral, WeightFormat.BF16, h200, 1).onBoard(GpuFormFactor.SXM);
        double embeddingBytes = 2.0 * 32_000 * 4096;
        double activeBytes = mixtral.activeParams() * 2.0 - embeddingBytes;
        double totalBytes = mixtral.totalParams() * 2.0 - embeddingBytes;
        double alone = model.estimate(oneH200, new Workload(1, 128))
                .decodeTokensPerSecond()
                .orElseThrow();
        // One token reads two of eight experts: faster than a dense model of the total size could be at
        // full bandwidth, and no faster than the active weights at full bandwidth.
        assertThat(alone).isGreaterThan(H200_GBPS * 1e9 / totalBytes);
        assertThat(alone).isLessThanOrEqualTo(H200_GBPS * 1e9 / activeBytes);
        // 256 sequences route to every expert (each is skipped with probability (6/8)^256): all weights are read.
        double busy = model.estimate(oneH200, new Workload(256, 128))
                .decodeTokensPerSecond()
                .orElseThrow();
        assertThat(busy).isLessThanOrEqualTo(256 / (totalBytes / (H200_GBPS * 1e9)));
        // Memory holds every expert: 93 GB of bf16 weights do not fit one 80 GB H100, whose usable memory
        // would hold a dense model of the active size twice over.
        MemoryFit onH100 = model.memoryFit(Deployment.of(mixtral, WeightFormat.BF16, h100, 1), new Workload(1, 128));
        assertThat(onH100.weightBytes()).isEqualTo(mixtral.totalParams() * 2.0);
        assertThat(onH100.fits()).isFalse();
        assertThat(mixtral.activeParams() * 2.0).isLessThan(onH100.usableBytes() / 2);
    }

    @Test
    void aMixtureMultipliesOnlyItsActiveExperts() {
        ModelShape mixtral =
                KnownModels.byName("mixtral-8x7b-instruct-v0.1").orElseThrow().shape();
        Deployment oneH200 = Deployment.of(mixtral, WeightFormat.BF16, h200, 1).onBoard(GpuFormFactor.SXM);
        int batch = 1024;
        ThroughputEstimate estimate = model.estimate(oneH200, new Workload(batch, 128));
        assertThat(estimate.decodeLimit()).isEqualTo(DecodeLimit.COMPUTE);
        // Multiplying every token through all 46.7 B parameters would cap it here even at datasheet speed.
        double ifAllParamsMultiplied = batch / (batch * 2.0 * mixtral.totalParams() / (H200_BF16_TFLOPS * 1e12));
        assertThat(estimate.decodeTokensPerSecond().orElseThrow()).isGreaterThan(ifAllParamsMultiplied);
    }

    @Test
    void latentAttentionCachesOneSmallVectorPerTokenHeldWholeByEveryGpu() {
        ModelShape deepseek =
                KnownModels.byName("deepseek-ai/DeepSeek-V3").orElseThrow().shape();
        int context = 4096;
        double perSequenceOneGpu = 61.0 * 576 * context * 2;
        MemoryFit eightH200 =
                model.memoryFit(Deployment.of(deepseek, WeightFormat.FP8, h200, 8), new Workload(1, context));
        assertThat(eightH200.kvCacheBytes()).isEqualTo(8 * perSequenceOneGpu);
        assertThat(eightH200.fits()).isTrue();
        // Grouped-query attention with 128 KV heads of 128 would need 2 x 128 x 128 / 576 = 57x more per GPU.
        assertThat(2.0 * 128 * 128 * 61 * context * 2).isGreaterThan(50 * perSequenceOneGpu);
    }

    @Test
    void h100SxmAndPcieDifferByTheirBandwidth() {
        ModelShape shape =
                KnownModels.byName("llama-3.1-8b-instruct").orElseThrow().shape();
        Workload workload = new Workload(1, 1024);
        double sxm = model.estimate(
                        Deployment.of(shape, WeightFormat.BF16, h100, 1).onBoard(GpuFormFactor.SXM), workload)
                .decodeTokensPerSecond()
                .orElseThrow();
        double pcie = model.estimate(
                        Deployment.of(shape, WeightFormat.BF16, h100, 1).onBoard(GpuFormFactor.PCIE), workload)
                .decodeTokensPerSecond()
                .orElseThrow();
        double unknownBoard = model.estimate(Deployment.of(shape, WeightFormat.BF16, h100, 1), workload)
                .decodeTokensPerSecond()
                .orElseThrow();
        assertThat(sxm / pcie).isCloseTo(H100_SXM_GBPS / 2000, org.assertj.core.data.Percentage.withPercentage(0.5));
        // The board unknown, the slower one's figures are used.
        assertThat(unknownBoard).isEqualTo(pcie);
    }

    @Test
    void quantisedWeightsMoveFewerBytes() {
        ModelShape shape =
                KnownModels.byName("llama-3.1-70b-instruct").orElseThrow().shape();
        Workload workload = new Workload(1, 1024);
        double bf16 = model.estimate(Deployment.of(shape, WeightFormat.BF16, h200, 2), workload)
                .decodeTokensPerSecond()
                .orElseThrow();
        double fp8 = model.estimate(Deployment.of(shape, WeightFormat.FP8, h200, 2), workload)
                .decodeTokensPerSecond()
                .orElseThrow();
        double int4 = model.estimate(Deployment.of(shape, WeightFormat.INT4, h200, 2), workload)
                .decodeTokensPerSecond()
                .orElseThrow();
        assertThat(fp8 / bf16).isBetween(1.9, 2.0);
        assertThat(int4 / fp8).isBetween(1.9, 2.0);
    }

    /** The measured prefill's FLOPS as a fraction of the datasheet, with the FLOPs counted here. */
    private static double measuredPrefillFlopsFraction(H200Measurements.Prefill prefill) {
        int prompt = prefill.promptTokens();
        double matrices = 2.0 * (8_030_261_248L - 2.0 * 128_256 * 4096);
        double attention = 4.0 * 32 * 128 * 32 * prompt / 2.0;
        return prefill.tokensPerSecond() * (matrices + attention) / (H200_BF16_TFLOPS * 1e12);
    }
}
