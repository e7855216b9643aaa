package dev.gpuarb.throughput;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gpuarb.vocab.GpuDatasheet;
import dev.gpuarb.vocab.GpuDatasheets;
import dev.gpuarb.vocab.GpuModels;
import dev.gpuarb.vocab.GpuSpec;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * No estimate beats the roofline: datasheet bandwidth and FLOPS used in full, perfect scaling over
 * GPUs, and the fewest bytes and FLOPs a step can need. The roofline is worked out here from the shape's
 * published figures, not by the production code.
 */
class RooflineTest {

    private static final List<String> SHAPES = List.of(
            "llama-3.1-8b-instruct",
            "llama-3.1-70b-instruct",
            "qwen2.5-7b-instruct",
            "mixtral-8x7b-instruct-v0.1",
            "deepseek-v3",
            "gpt-oss-20b");
    private static final int[] GPUS = {1, 2, 8};
    private static final int[] BATCHES = {1, 16, 256};
    private static final int[] CONTEXTS = {1024, 8192};

    private final ThroughputModel model = new ThroughputModel();

    @Test
    void noEstimateExceedsTheRooflineOnAnyGpuWithFigures() {
        int checked = 0;
        for (GpuDatasheet sheet : GpuDatasheets.all()) {
            GpuSpec gpu = GpuModels.byCanonicalName(sheet.model()).orElseThrow();
            for (String name : SHAPES) {
                ModelShape shape = KnownModels.byName(name).orElseThrow().shape();
                for (WeightFormat weights : WeightFormat.values()) {
                    for (int gpus : GPUS) {
                        for (int batch : BATCHES) {
                            for (int context : CONTEXTS) {
                                Deployment deployment =
                                        Deployment.of(shape, weights, gpu, gpus).onBoard(sheet.formFactor());
                                ThroughputEstimate estimate = model.estimate(deployment, new Workload(batch, context));
                                if (estimate.decodeTokensPerSecond().isEmpty()) {
                                    assertThat(estimate.fits()).isFalse();
                                    continue;
                                }
                                String where = name + " " + weights + " on " + gpus + " x " + sheet.model() + " "
                                        + sheet.formFactor() + ", batch " + batch + ", context " + context;
                                assertThat(estimate.decodeTokensPerSecond().getAsDouble())
                                        .as(where)
                                        .isPositive()
                                        .isLessThanOrEqualTo(
                                                decodeRoofline(shape, weights, sheet, gpus, batch, context));
                                assertThat(estimate.prefillTokensPerSecond().getAsDouble())
                                        .as(where)
                                        .isPositive()
                                        .isLessThanOrEqualTo(prefillRoofline(shape, sheet, gpus));
                                checked++;
                            }
                        }
                    }
                }
            }
        }
        assertThat(checked).isGreaterThan(1000);
    }

    /** Output tokens/s if bandwidth and FLOPS were used in full on every GPU. */
    private static double decodeRoofline(
            ModelShape shape, WeightFormat weights, GpuDatasheet sheet, int gpus, int batch, int context) {
        double embedding = (double) shape.vocabSize() * shape.hiddenSize();
        // At least the active weights but the input embedding are read once per step.
        double bytes = (shape.activeParams() - embedding) * weights.bytesPerWeight()
                + batch * leastKvCacheBytesPerSequence(shape, context);
        // At least two FLOPs per active weight outside the embedding and the output head.
        double flops = batch * 2.0 * (shape.activeParams() - 2 * embedding);
        double bandwidth = gpus * sheet.memoryBandwidthGBps() * 1e9;
        double peakFlops =
                gpus * Math.max(sheet.denseBf16Tflops(), sheet.denseFp8Tflops().orElse(0)) * 1e12;
        return batch / Math.max(bytes / bandwidth, flops / peakFlops);
    }

    /** Prompt tokens/s if FLOPS were used in full: two FLOPs per active weight outside the embeddings. */
    private static double prefillRoofline(ModelShape shape, GpuDatasheet sheet, int gpus) {
        double embedding = (double) shape.vocabSize() * shape.hiddenSize();
        double peakFlops =
                gpus * Math.max(sheet.denseBf16Tflops(), sheet.denseFp8Tflops().orElse(0)) * 1e12;
        return peakFlops / (2.0 * (shape.activeParams() - 2 * embedding));
    }

    /**
     * Keys and values of every layer at bf16 for grouped-query attention over the full context; the
     * shapes with latent attention or windows are bounded by zero (their caches are smaller).
     */
    private static double leastKvCacheBytesPerSequence(ModelShape shape, int context) {
        ModelShape.Attention attention = shape.attention();
        boolean plainGrouped = attention.slidingWindowLayers() == 0
                && attention.kvElementsPerTokenPerLayer() == 2 * attention.kvHeads() * attention.headDim();
        return plainGrouped ? 2.0 * shape.layers() * attention.kvHeads() * attention.headDim() * context * 2 : 0;
    }
}
