package dev.gpuarb.streams.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TextFormatTest {

    @Test
    void writesWhatStringFormatWritesCallAfterCall() {
        String pattern = "cheaper endpoint: %.2f%% below the current choice (hysteresis %.2f%%)%s";
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 2_000; i++) {
            double a = random.nextDouble() * Math.pow(10, random.nextInt(-3, 7));
            double b = random.nextInt(3) == 0 ? 0.005 * random.nextInt(1000) : random.nextDouble() * 100;
            String tail = i % 2 == 0 ? "" : ", capped at on-demand";
            assertThat(TextFormat.format(pattern, a, b, tail))
                    .isEqualTo(String.format(Locale.ROOT, pattern, a, b, tail));
        }
    }

    @Test
    void writesDecimalsOfEverySignAndSizeAsTheRootLocaleDoes() {
        String pattern = "spot %.4f is within %.1f%% of on-demand %.4f: p%.0f, %.2f";
        SplittableRandom random = new SplittableRandom(11);
        double[] special = {
            0.0,
            -0.0,
            Double.NaN,
            Double.POSITIVE_INFINITY,
            Double.NEGATIVE_INFINITY,
            0.00005,
            0.99995,
            -1.23455,
            1e-300,
            1e300,
            Double.MIN_VALUE,
            Double.MAX_VALUE
        };
        for (int i = 0; i < 5_000; i++) {
            double a = i < special.length
                    ? special[i]
                    : (random.nextBoolean() ? -1 : 1) * random.nextDouble() * Math.pow(10, random.nextInt(-6, 12));
            double b = random.nextInt(4) == 0 ? 0.00005 * random.nextInt(100_000) : random.nextDouble() * 100;
            assertThat(TextFormat.format(pattern, a, b, b, a, a))
                    .isEqualTo(String.format(Locale.ROOT, pattern, a, b, b, a, a));
        }
    }

    @Test
    void aShortTextAfterALongOneHasNothingOfIt() {
        TextFormat.format("%s", "a much longer text than the next one");
        assertThat(TextFormat.format("p%.0f", 95.0)).isEqualTo("p95");
    }
}
