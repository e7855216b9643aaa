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
    void aShortTextAfterALongOneHasNothingOfIt() {
        TextFormat.format("%s", "a much longer text than the next one");
        assertThat(TextFormat.format("p%.0f", 95.0)).isEqualTo("p95");
    }
}
