package dev.gpuarb.throughput;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gpuarb.vocab.GpuModels;
import dev.gpuarb.vocab.GpuSpec;
import org.assertj.core.data.Percentage;
import org.junit.jupiter.api.Test;

class InstanceLayoutTest {

    private final ThroughputModel model = new ThroughputModel();
    private final GpuSpec h100 = GpuModels.byCanonicalName("H100-80GB").orElseThrow();

    @Test
    void aSmallModelRunsOneCopyPerGpu() {
        ModelShape llama8b =
                KnownModels.byName("llama-3.1-8b-instruct").orElseThrow().shape();
        Deployment instance = Deployment.of(llama8b, WeightFormat.BF16, h100, 8);
        Workload perCopy = new Workload(32, 2048);
        InstanceLayout layout = model.bestLayout(instance, perCopy).orElseThrow();
        assertThat(layout.tensorParallel()).isEqualTo(1);
        assertThat(layout.copies()).isEqualTo(8);
        double oneGpu = model.estimate(instance.onGpus(1), perCopy)
                .decodeTokensPerSecond()
                .orElseThrow();
        assertThat(layout.decodeTokensPerSecond().orElseThrow()).isCloseTo(8 * oneGpu, Percentage.withPercentage(1e-9));
    }

    @Test
    void aLargeModelTakesTheFewestGpusItFitsOn() {
        ModelShape llama70b =
                KnownModels.byName("llama-3.1-70b-instruct").orElseThrow().shape();
        InstanceLayout layout = model.bestLayout(
                        Deployment.of(llama70b, WeightFormat.BF16, h100, 8), new Workload(8, 4096))
                .orElseThrow();
        assertThat(layout.tensorParallel()).isEqualTo(2);
        assertThat(layout.copies()).isEqualTo(4);
        // Tensor parallel costs: two GPUs give 1.9x one GPU's bandwidth, not 2x.
        ModelShape llama405b =
                KnownModels.byName("llama-3.1-405b-instruct").orElseThrow().shape();
        InstanceLayout fp8 = model.bestLayout(
                        Deployment.of(llama405b, WeightFormat.FP8, h100, 8), new Workload(8, 4096))
                .orElseThrow();
        assertThat(fp8.tensorParallel()).isEqualTo(8);
        assertThat(fp8.copies()).isEqualTo(1);
    }

    @Test
    void noLayoutWhenEvenTheWholeInstanceIsTooSmall() {
        ModelShape llama405b =
                KnownModels.byName("llama-3.1-405b-instruct").orElseThrow().shape();
        assertThat(model.bestLayout(Deployment.of(llama405b, WeightFormat.BF16, h100, 8), new Workload(1, 1024)))
                .isEmpty();
    }

    @Test
    void tensorParallelSpeedupIsDocumentedPerExtraGpu() {
        Calibration calibration = Calibration.MEASURED;
        assertThat(calibration.tensorParallelSpeedup(1)).isEqualTo(1.0);
        assertThat(calibration.tensorParallelSpeedup(2)).isCloseTo(1.9, Percentage.withPercentage(1e-9));
        assertThat(calibration.tensorParallelSpeedup(8)).isCloseTo(7.3, Percentage.withPercentage(1e-9));
    }
}
