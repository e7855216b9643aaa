package dev.gpuarb.throughput;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gpuarb.vocab.GpuModels;
import dev.gpuarb.vocab.GpuSpec;
import java.util.Map;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

class MeasuredThroughputTest {

    private static final Offset<Double> CLOSE = Offset.offset(1e-9);

    private final MeasuredThroughput onL4 =
            MeasuredThroughput.onOneGpu("llama-3.1-8b-instruct", "L4", Map.of(4, 200.0, 8, 640.0, 32, 1600.0));

    @Test
    void measuredBatchesAreReturnedAsMeasured() {
        assertThat(onL4.outputTokensPerSecond(8)).isEqualTo(640.0);
        assertThat(onL4.outputTokensPerSecond(32)).isEqualTo(1600.0);
    }

    @Test
    void betweenMeasuredBatchesTheStepTimeIsInterpolated() {
        // Steps: 8 / 640 = 12.5 ms, 32 / 1600 = 20 ms; batch 16 is a third of the way: 15 ms, 16 / 0.015 tok/s.
        assertThat(onL4.outputTokensPerSecond(16)).isCloseTo(16 / 0.015, CLOSE);
        // Steps: 4 / 200 = 20 ms, 12.5 ms at 8; batch 6 is half way: 16.25 ms.
        assertThat(onL4.outputTokensPerSecond(6)).isCloseTo(6 / 0.01625, CLOSE);
    }

    @Test
    void belowTheSmallestBatchTheStepTimeStaysAndAboveTheLargestTheRateStays() {
        assertThat(onL4.outputTokensPerSecond(1)).isCloseTo(1 / 0.02, CLOSE);
        assertThat(onL4.outputTokensPerSecond(64)).isEqualTo(1600.0);
    }

    @Test
    void rejectsEmptyOrNonsenseMeasurements() {
        assertThatThrownBy(() -> MeasuredThroughput.onOneGpu("m", "L4", Map.of()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> MeasuredThroughput.onOneGpu("m", "L4", Map.of(8, 0.0)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> MeasuredThroughput.onOneGpu("m", "L4", Map.of(0, 10.0)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> MeasuredThroughput.onOneGpu("m", "L4", Map.of(8, Double.NaN)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aMeasurementWinsOverTheEstimateUnderAnyOfTheModelsNames() {
        GpuSpec l4 = GpuModels.byCanonicalName("L4").orElseThrow();
        ModelShape llama8b =
                KnownModels.byName("llama-3.1-8b-instruct").orElseThrow().shape();
        Deployment oneL4 = Deployment.of(llama8b, WeightFormat.BF16, l4, 1);
        ThroughputModel estimated = new ThroughputModel();
        ThroughputModel measured = new ThroughputModel(ThroughputOverrides.none()
                .with(MeasuredThroughput.onOneGpu(
                        "openrouter/meta-llama/llama-3.1-8b-instruct",
                        "NVIDIA L4",
                        Map.of(4, 200.0, 8, 640.0, 32, 1600.0))));
        Workload sixteen = new Workload(16, 1024);
        ThroughputEstimate estimate = estimated.estimate(oneL4, sixteen);
        ThroughputEstimate override = measured.estimate(oneL4, sixteen);
        assertThat(estimate.decodeLimit()).isEqualTo(DecodeLimit.MEMORY_BANDWIDTH);
        assertThat(override.decodeLimit()).isEqualTo(DecodeLimit.MEASURED);
        assertThat(override.decodeTokensPerSecond().orElseThrow()).isCloseTo(16 / 0.015, CLOSE);
        assertThat(override.decodeTokensPerSecond().orElseThrow())
                .isNotCloseTo(estimate.decodeTokensPerSecond().orElseThrow(), Offset.offset(1.0));
        // Prefill is not measured and stays estimated.
        assertThat(override.prefillTokensPerSecond()).isEqualTo(estimate.prefillTokensPerSecond());
        // Another GPU count is another measurement.
        assertThat(measured.estimate(oneL4.onGpus(2), sixteen).decodeLimit()).isNotEqualTo(DecodeLimit.MEASURED);
    }

    @Test
    void aMeasurementGivesAFigureWhereTheDatasheetHasNone() {
        GpuSpec t4 = GpuModels.byCanonicalName("T4").orElseThrow();
        ModelShape qwen7b =
                KnownModels.byName("qwen2.5-7b-instruct").orElseThrow().shape();
        Deployment oneT4 = Deployment.of(qwen7b, WeightFormat.INT4, t4, 1);
        assertThat(new ThroughputModel().estimate(oneT4, new Workload(4, 1024)).decodeLimit())
                .isEqualTo(DecodeLimit.NO_DATASHEET);
        ThroughputModel measured = new ThroughputModel(ThroughputOverrides.none()
                .with(MeasuredThroughput.onOneGpu("Qwen/Qwen2.5-7B-Instruct", "Tesla T4", Map.of(1, 40.0, 8, 250.0))));
        ThroughputEstimate estimate = measured.estimate(oneT4, new Workload(4, 1024));
        assertThat(estimate.decodeLimit()).isEqualTo(DecodeLimit.MEASURED);
        assertThat(estimate.decodeTokensPerSecond()).isPresent();
        assertThat(estimate.prefillTokensPerSecond()).isEmpty();
    }

    @Test
    void aMeasuredBatchCountsAsFittingBeyondItTheMemoryRuleHolds() {
        GpuSpec l4 = GpuModels.byCanonicalName("L4").orElseThrow();
        ModelShape llama8b =
                KnownModels.byName("llama-3.1-8b-instruct").orElseThrow().shape();
        Deployment oneL4 = Deployment.of(llama8b, WeightFormat.BF16, l4, 1);
        ThroughputModel measured = new ThroughputModel(ThroughputOverrides.none()
                .with(MeasuredThroughput.onOneGpu("llama-3.1-8b-instruct", "L4", Map.of(16, 700.0))));
        // At 8k context the memory rule allows 6 sequences; 16 were measured (e.g. with a paged cache).
        assertThat(measured.estimate(oneL4, new Workload(16, 8192)).fits()).isTrue();
        assertThat(measured.estimate(oneL4, new Workload(17, 8192)).fits()).isFalse();
    }
}
