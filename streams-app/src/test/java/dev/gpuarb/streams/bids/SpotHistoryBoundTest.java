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
    void aDeadlineBetweenTwoPricesIsNeverMergedAway() {
        SpotHistory h = empty();
        h = h.with(new SpotHistory.Sample(0, 5, 5L), DAY, 3);
        h = h.with(10, 5, DAY, 3);
        h = h.with(20, 6, DAY, 3);
        h = h.with(30, 6, DAY, 3);

        // The 5 at 10 repeats the one before, but that one stopped at 5: the 6 at 20 merges instead.
        assertThat(h.samples())
                .containsExactly(
                        new SpotHistory.Sample(0, 5, 5L), new SpotHistory.Sample(10, 5), new SpotHistory.Sample(30, 6));
    }

    @Test
    void aMergedPriceKeepsTheDeadlineOfTheOneItReplaced() {
        SpotHistory h = empty();
        h = h.with(new SpotHistory.Sample(0, 5, 15L), DAY, 3);
        h = h.with(new SpotHistory.Sample(10, 5, 25L), DAY, 3);
        h = h.with(20, 7, DAY, 3);
        h = h.with(40, 8, DAY, 3);

        // The repeat at 10 goes; the 5 from 0 now holds until 25, as the two did together.
        assertThat(h.samples())
                .containsExactly(
                        new SpotHistory.Sample(0, 5, 25L),
                        new SpotHistory.Sample(20, 7),
                        new SpotHistory.Sample(40, 8));
    }

    @Test
    void aWithdrawalIsNeverMergedAway() {
        SpotHistory h = empty().with(0, 5, DAY, 3);
        h = h.withdrawnAt(10, DAY);
        h = h.with(20, 5, DAY, 3);
        h = h.with(30, 5, DAY, 3);

        // Nothing can merge (a withdrawal, then a price after it): the oldest goes.
        assertThat(h.samples()).extracting(SpotHistory.Sample::at).containsExactly(10L, 20L, 30L);
        assertThat(h.samples().get(0).isGap()).isTrue();
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
        // strings of the offer, a count, 17 bytes a sample without a deadline (at, price, the deadline's flag)
        assertThat(largestBytes).isLessThan(100 + 17 * SpotHistory.MAX_SAMPLES);
        // and the samples still reach back to the price in effect a day before the latest
        assertThat(h.samples().get(0).at()).isLessThanOrEqualTo(h.latest().at() - DAY);
    }
}
