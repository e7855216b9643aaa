package dev.gpuarb.throughput;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gpuarb.vocab.GpuModels;
import dev.gpuarb.vocab.GpuSpec;
import org.assertj.core.data.Percentage;
import org.junit.jupiter.api.Test;

class InstanceThroughputTest {

    private final ThroughputModel model = new ThroughputModel();
    private final GpuSpec h100 = GpuModels.byCanonicalName("H100-80GB").orElseThrow();
    private final ModelShape llama8b =
            KnownModels.byName("llama-3.1-8b-instruct").orElseThrow().shape();

    private double decode(Deployment copy, int batch) {
        return model.estimate(copy, new Workload(batch, 4096))
                .decodeTokensPerSecond()
                .orElseThrow();
    }

    @Test
    void oneSequenceGetsTheWholeInstanceAsOneWideCopy() {
        Deployment instance = Deployment.of(llama8b, WeightFormat.BF16, h100, 8);
        InstanceThroughput t = InstanceThroughput.best(model, instance, 1, 4096).orElseThrow();
        assertThat(t.tensorParallel()).isEqualTo(8);
        assertThat(t.activeCopies()).isEqualTo(1);
        assertThat(t.decodeTokensPerSecond()).isCloseTo(decode(instance, 1), Percentage.withPercentage(1e-9));
        assertThat(t.perSequenceTokensPerSecond())
                .isCloseTo(t.decodeTokensPerSecond(), Percentage.withPercentage(1e-9));
    }

    @Test
    void manySequencesTakeTheLayoutWithTheMostOutputTokens() {
        Deployment instance = Deployment.of(llama8b, WeightFormat.BF16, h100, 8);
        InstanceThroughput t =
                InstanceThroughput.best(model, instance, 256, 4096).orElseThrow();
        double best = 0;
        int bestDegree = 0;
        for (int degree : new int[] {1, 2, 4, 8}) {
            int copies = 8 / degree;
            double tokens = copies * decode(instance.onGpus(degree), 256 / copies);
            if (tokens > best) {
                best = tokens;
                bestDegree = degree;
            }
        }
        assertThat(t.tensorParallel()).isEqualTo(bestDegree);
        assertThat(t.copies()).isEqualTo(8 / bestDegree);
        assertThat(t.activeCopies()).isEqualTo(t.copies());
        assertThat(t.decodeTokensPerSecond()).isCloseTo(best, Percentage.withPercentage(1e-9));
        ThroughputEstimate copy = model.estimate(instance.onGpus(bestDegree), new Workload(256 / t.copies(), 4096));
        assertThat(t.prefillTokensPerSecond().orElseThrow())
                .isCloseTo(t.copies() * copy.prefillTokensPerSecond().orElseThrow(), Percentage.withPercentage(1e-9));
    }

    @Test
    void anUnevenSplitLoadsSomeCopiesOneSequenceMore() {
        // Three GPUs: only one-GPU copies divide them (tensor parallel degrees are powers of two).
        Deployment instance = Deployment.of(llama8b, WeightFormat.BF16, h100, 3);
        InstanceThroughput t = InstanceThroughput.best(model, instance, 7, 4096).orElseThrow();
        assertThat(t.tensorParallel()).isEqualTo(1);
        assertThat(t.copies()).isEqualTo(3);
        Deployment copy = instance.onGpus(1);
        assertThat(t.decodeTokensPerSecond())
                .isCloseTo(decode(copy, 3) + 2 * decode(copy, 2), Percentage.withPercentage(1e-9));
        assertThat(t.perSequenceTokensPerSecond()).isCloseTo(decode(copy, 3) / 3, Percentage.withPercentage(1e-9));
    }

    @Test
    void nothingWhenNoLayoutFitsOrTheGpuHasNoFigures() {
        ModelShape llama405b =
                KnownModels.byName("llama-3.1-405b-instruct").orElseThrow().shape();
        assertThat(InstanceThroughput.best(model, Deployment.of(llama405b, WeightFormat.BF16, h100, 8), 1, 1024))
                .isEmpty();
        GpuSpec a10g = GpuModels.byCanonicalName("A10G").orElseThrow();
        assertThat(InstanceThroughput.best(model, Deployment.of(llama8b, WeightFormat.INT4, a10g, 1), 1, 1024))
                .isEmpty();
    }
}
