package dev.gpuarb.streams.bids;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The spot history holds a bounded number of samples, dropping first those that change nothing. */
class SpotHistoryBoundTest {

    private static final long MINUTE = 60_000L;
    private static final long DAY = 24 * 60 * MINUTE;

    private static SpotHistory empty() {
        return new SpotHistory("o", "aws", "r", null, "t", "g", List.of());
    }

    @Test
    void repeatedPricesGoFirstAndTheTimeWeightedDistributionIsUnchanged() {
        SpotHistory h = empty();
        double[] prices = {5, 5, 6, 6, 7, 7};
        for (int i = 0; i < prices.length; i++) {
            h = h.with(10L * i, prices[i], DAY, 4);
        }

        // The repeats at 10 and 30 went, the oldest first; the latest is kept although it repeats.
        assertThat(h.samples()).extracting(SpotHistory.Sample::at).containsExactly(0L, 20L, 40L, 50L);
        // Over [0, 50): 5 held 20 ms, 6 held 20 ms, 7 held 10 ms, as with every sample kept.
        assertThat(BidCalculator.weightedPercentile(h.samples(), 0, 50, 30)).isEqualTo(5.0);
        assertThat(BidCalculator.weightedPercentile(h.samples(), 0, 50, 50)).isEqualTo(6.0);
        assertThat(BidCalculator.weightedPercentile(h.samples(), 0, 50, 90)).isEqualTo(7.0);
        assertThat(h.latest()).isEqualTo(new SpotHistory.Sample(50, 7.0));
    }

    @Test
    void beyondTheBoundTheClosestNeighboursMerge() {
        SpotHistory h = empty();
        double[] prices = {1.0, 4.0, 4.5, 9.0, 2.0};
        for (int i = 0; i < prices.length; i++) {
            h = h.with(10L * i, prices[i], DAY, 4);
        }

        // 4.5 is 0.5 from the 4.0 before it, the smallest gap: 4.0 now holds from 10 to 30.
        assertThat(h.samples()).extracting(SpotHistory.Sample::usdPerHour).containsExactly(1.0, 4.0, 9.0, 2.0);
    }

    @Test
    void aDayOfPricesChangingEveryMinuteKeepsAtMostTheBound() {
        Random random = new Random(11);
        SpotHistory h = empty();
        BidStateSerdes.History serde = new BidStateSerdes.History();
        int largest = 0;
        int largestBytes = 0;
        for (int minute = 0; minute < 3 * 24 * 60; minute++) {
            h = h.with(minute * MINUTE, 1 + random.nextInt(1_000) / 100.0, DAY);
            largest = Math.max(largest, h.samples().size());
            largestBytes = Math.max(largestBytes, serde.serializer().serialize("t", h).length);
            assertThat(h.latest().at()).isEqualTo(minute * MINUTE);
        }
        assertThat(largest).isEqualTo(SpotHistory.MAX_SAMPLES);
        // strings of the offer, a count, 16 bytes a sample
        assertThat(largestBytes).isLessThan(100 + 16 * SpotHistory.MAX_SAMPLES);
        // and the samples still reach back to the price in effect a day before the latest
        assertThat(h.samples().get(0).at()).isLessThanOrEqualTo(h.latest().at() - DAY);
    }
}
