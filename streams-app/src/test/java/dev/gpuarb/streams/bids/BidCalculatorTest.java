package dev.gpuarb.streams.bids;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class BidCalculatorTest {

    @Test
    void weightsEachPriceByHowLongItHeldWithinTheHorizon() {
        List<SpotHistory.Sample> samples = List.of(
                new SpotHistory.Sample(0, 1.0), // held 0..90 but the horizon starts at 50: 40 ms
                new SpotHistory.Sample(90, 3.0), // held 90..100: 10 ms
                new SpotHistory.Sample(100, 2.0)); // newest: no duration yet

        assertThat(BidCalculator.weightedPercentile(samples, 50, 100, 50)).isEqualTo(1.0);
        assertThat(BidCalculator.weightedPercentile(samples, 50, 100, 81)).isEqualTo(3.0);
    }

    @Test
    void historyKeepsThePriceInEffectWhenTheHorizonBegins() {
        SpotHistory h = new SpotHistory("o", "aws", "r", null, "t", "g", List.of())
                .with(0, 5.0, 100)
                .with(50, 6.0, 100)
                .with(300, 7.0, 100);

        assertThat(h.samples()).extracting(SpotHistory.Sample::usdPerHour).containsExactly(6.0, 7.0);
        assertThat(h.with(150, 8.0, 100).samples())
                .extracting(SpotHistory.Sample::at)
                .containsExactly(150L, 300L);
    }
}
