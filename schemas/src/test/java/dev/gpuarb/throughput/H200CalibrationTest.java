package dev.gpuarb.throughput;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gpuarb.vocab.GpuFormFactor;
import dev.gpuarb.vocab.GpuModels;
import dev.gpuarb.vocab.GpuSpec;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/** The calibrated model against the measurements it was calibrated on. */
class H200CalibrationTest {

    private static final double TOLERANCE = 0.15;

    private final ThroughputModel model = new ThroughputModel();
    private final GpuSpec h200 = GpuModels.byCanonicalName("H200").orElseThrow();
    private final ModelShape llama8b =
            KnownModels.byName("llama-3.1-8b-instruct").orElseThrow().shape();

    @Test
    void theShapeIsTheMeasuredOne() throws IOException {
        H200Measurements.Decode measured = H200Measurements.decode();
        assertThat(llama8b.totalParams() / 1e9)
                .isCloseTo(measured.paramsBillions(), org.assertj.core.data.Offset.offset(0.005));
    }

    @Test
    void reproducesTheMeasuredDecodeTableWithin15PercentAtEveryBatch() throws IOException {
        H200Measurements.Decode measured = H200Measurements.decode();
        assertThat(measured.rows())
                .extracting(H200Measurements.DecodeRow::batch)
                .containsExactly(1, 8, 32, 64, 128, 256);
        Deployment oneH200 = Deployment.of(llama8b, WeightFormat.BF16, h200, 1).onBoard(GpuFormFactor.SXM);
        for (H200Measurements.DecodeRow row : measured.rows()) {
            ThroughputEstimate estimate = model.estimate(oneH200, new Workload(row.batch(), measured.contextTokens()));
            double predicted = estimate.decodeTokensPerSecond().orElseThrow();
            double error = predicted / row.tokensPerSecond() - 1;
            System.out.printf(
                    "H200 decode batch %3d: measured %6.0f tok/s, model %6.0f tok/s, error %+5.1f %%, %s%n",
                    row.batch(), row.tokensPerSecond(), predicted, 100 * error, estimate.decodeLimit());
            assertThat(Math.abs(error)).as("batch %d", row.batch()).isLessThanOrEqualTo(TOLERANCE);
            assertThat(estimate.decodeLimit()).isEqualTo(DecodeLimit.MEMORY_BANDWIDTH);
            assertThat(estimate.perSequenceTokensPerSecond().orElseThrow())
                    .isCloseTo(predicted / row.batch(), org.assertj.core.data.Percentage.withPercentage(1e-9));
        }
    }

    @Test
    void reproducesTheMeasuredPrefillWithin15Percent() throws IOException {
        H200Measurements.Prefill measured = H200Measurements.prefill();
        Deployment oneH200 = Deployment.of(llama8b, WeightFormat.BF16, h200, 1).onBoard(GpuFormFactor.SXM);
        double predicted = model.estimate(oneH200, new Workload(1, measured.promptTokens()))
                .prefillTokensPerSecond()
                .orElseThrow();
        System.out.printf(
                "H200 prefill %d tokens: measured %.0f tok/s, model %.0f tok/s%n",
                measured.promptTokens(), measured.tokensPerSecond(), predicted);
        assertThat(Math.abs(predicted / measured.tokensPerSecond() - 1)).isLessThanOrEqualTo(TOLERANCE);
    }

    @Test
    void calibratedFractionsLieWithinWhatWasMeasured() throws IOException {
        H200Measurements.Decode decode = H200Measurements.decode();
        double highest = decode.rows().stream()
                .mapToDouble(r -> r.achievedGBps() / H200Measurements.H200_DATASHEET_GBPS)
                .max()
                .orElseThrow();
        assertThat(Calibration.H200_DECODE_BANDWIDTH_FRACTION)
                .isBetween(decode.lowestAchievedBandwidthFraction(), highest);
        // A whole model cannot run faster than a bare matrix multiply on the same GPU.
        double matmulFraction = H200Measurements.prefill().matmulTflops() / 989.5;
        assertThat(Calibration.H200_PREFILL_FLOPS_FRACTION).isLessThan(matmulFraction);
    }
}
