package dev.gpuarb.vocab;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PriceRulesTest {

    @ParameterizedTest(name = "{0} (zero allowed: {1}) -> {2}")
    @CsvSource({
        "NaN, true, NAN_PRICE",
        "Infinity, true, NAN_PRICE",
        "-Infinity, false, NAN_PRICE",
        "-0.01, true, NEGATIVE_PRICE",
        "0, false, ZERO_PRICE",
        "0, true, ",
        "0.0001, false, ",
        "2.5, false, "
    })
    void pricesAreFiniteNotNegativeAndZeroOnlyWhereFreeExists(
            double value, boolean zeroAllowed, RejectReason expected) {
        PriceRules.Violation violation = PriceRules.price("usdPerHour", value, zeroAllowed);
        assertThat(violation == null ? null : violation.reason()).isEqualTo(expected);
        if (violation != null) {
            assertThat(violation.detail()).startsWith("usdPerHour ");
        }
    }

    @Test
    void theCeilingIsInclusiveAndChecksComeFirst() {
        assertThat(PriceRules.price("p", 200.0, false, 200.0)).isNull();
        assertThat(PriceRules.price("p", 200.01, false, 200.0).reason()).isEqualTo(RejectReason.ABSURD_PRICE);
        assertThat(PriceRules.price("p", 200.01, false, 200.0).detail())
                .contains("200.01")
                .contains("ceiling 200.0");
        // A negative price is negative whatever the ceiling.
        assertThat(PriceRules.price("p", -1, false, 200.0).reason()).isEqualTo(RejectReason.NEGATIVE_PRICE);
    }

    @ParameterizedTest(name = "{0} GPUs (max 64) -> {1}")
    @CsvSource({
        "0, BAD_GPU_COUNT",
        "-8, BAD_GPU_COUNT",
        "1.5, BAD_GPU_COUNT",
        "NaN, BAD_GPU_COUNT",
        "65, BAD_GPU_COUNT",
        "1, ",
        "8, ",
        "64, "
    })
    void gpuCountsAreWholeAndWithinTheMaximum(double count, RejectReason expected) {
        PriceRules.Violation violation = PriceRules.gpuCount("num_gpus", count, 64);
        assertThat(violation == null ? null : violation.reason()).isEqualTo(expected);
    }

    @Test
    void messagesRepeatWholeNumbersAsWritten() {
        assertThat(PriceRules.gpuCount("AcceleratorCount", 0, 64).detail())
                .isEqualTo("AcceleratorCount must be a whole number from 1 to 64, was 0");
        assertThat(PriceRules.gpuCount("AcceleratorCount", 2.5, 64).detail()).endsWith("was 2.5");
        assertThat(PriceRules.gpuMemoryGb("gpuMemoryGb", 81920).detail()).endsWith("was 81920");
    }

    @ParameterizedTest(name = "{0} GiB -> {1}")
    @CsvSource({
        "0, INVALID_GPU_MEMORY",
        "0.5, INVALID_GPU_MEMORY",
        "1025, INVALID_GPU_MEMORY",
        "NaN, INVALID_GPU_MEMORY",
        "1, ",
        "80, ",
        "1024, "
    })
    void gpuMemoryIsWithinWhatAGpuCanHave(double gib, RejectReason expected) {
        PriceRules.Violation violation = PriceRules.gpuMemoryGb("gpuMemoryGb", gib);
        assertThat(violation == null ? null : violation.reason()).isEqualTo(expected);
    }

    @Test
    void hostScoresAreOptionalButBoundedWhenGiven() {
        assertThat(PriceRules.reliability("reliability", null)).isNull();
        assertThat(PriceRules.reliability("reliability", 0.0)).isNull();
        assertThat(PriceRules.reliability("reliability", 1.0)).isNull();
        assertThat(PriceRules.reliability("reliability", 1.01).reason()).isEqualTo(RejectReason.INVALID_RELIABILITY);
        assertThat(PriceRules.reliability("reliability", -0.1).reason()).isEqualTo(RejectReason.INVALID_RELIABILITY);
        assertThat(PriceRules.reliability("reliability", Double.NaN).reason())
                .isEqualTo(RejectReason.INVALID_RELIABILITY);

        assertThat(PriceRules.dlperf("dlperf", null)).isNull();
        assertThat(PriceRules.dlperf("dlperf", 0.0)).isNull();
        assertThat(PriceRules.dlperf("dlperf", 312.7)).isNull();
        assertThat(PriceRules.dlperf("dlperf", -1.0).reason()).isEqualTo(RejectReason.INVALID_DLPERF);
        assertThat(PriceRules.dlperf("dlperf", Double.POSITIVE_INFINITY).reason())
                .isEqualTo(RejectReason.INVALID_DLPERF);
        assertThat(PriceRules.dlperf("dlperf", Double.NaN).reason()).isEqualTo(RejectReason.INVALID_DLPERF);
    }
}
