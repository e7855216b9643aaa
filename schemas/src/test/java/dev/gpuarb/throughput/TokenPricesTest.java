package dev.gpuarb.throughput;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gpuarb.vocab.GpuModels;
import org.assertj.core.data.Percentage;
import org.junit.jupiter.api.Test;

class TokenPricesTest {

    @Test
    void convertsAnHourlyPriceAndATokenRate() {
        // $2.50 an hour buys 3,600 s x 1,000 tok/s = 3.6 M tokens: $0.694 per million.
        assertThat(TokenPrices.usdPerMillionTokens(2.50, 1000)).isCloseTo(2.50 / 3.6, Percentage.withPercentage(1e-9));
        assertThat(TokenPrices.usdPerMillionTokens(0, 1000)).isZero();
    }

    @Test
    void pricesAnEstimate() {
        ModelShape llama8b =
                KnownModels.byName("llama-3.1-8b-instruct").orElseThrow().shape();
        Deployment oneH100 = Deployment.of(
                llama8b,
                WeightFormat.BF16,
                GpuModels.byCanonicalName("H100-80GB").orElseThrow(),
                1);
        double tokensPerSecond = new ThroughputModel()
                .estimate(oneH100, new Workload(64, 2048))
                .decodeTokensPerSecond()
                .orElseThrow();
        double perHour = 3.00;
        double expected = perHour / (tokensPerSecond * 3600) * 1_000_000;
        assertThat(TokenPrices.usdPerMillionTokens(perHour, tokensPerSecond))
                .isCloseTo(expected, Percentage.withPercentage(1e-9));
    }

    @Test
    void rejectsRatesThatCannotPriceAToken() {
        assertThatThrownBy(() -> TokenPrices.usdPerMillionTokens(2, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TokenPrices.usdPerMillionTokens(2, Double.NaN))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TokenPrices.usdPerMillionTokens(-1, 10)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TokenPrices.usdPerMillionTokens(Double.POSITIVE_INFINITY, 10))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
