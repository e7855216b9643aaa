package dev.gpuarb.streams.bids;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
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

    /**
     * Against the definition, computed here the plain way: expand every sample into one unit per millisecond
     * it held (or one unit each when none held at all), sort the units by price and take the first whose
     * running count reaches the percentile. Prices come from a few values so that ties are common.
     */
    @Test
    void agreesWithThePercentileOfEveryMillisecondOnRandomHistories() {
        Random random = new Random(20261207L);
        for (int trial = 0; trial < 2_000; trial++) {
            int n = 1 + random.nextInt(40);
            List<SpotHistory.Sample> samples = new ArrayList<>();
            long at = random.nextInt(50);
            for (int i = 0; i < n; i++) {
                samples.add(new SpotHistory.Sample(at, 0.5 + random.nextInt(8) * 0.25));
                at += random.nextInt(4) == 0 ? 0 : 1 + random.nextInt(30);
            }
            long from = random.nextInt(200);
            long to = from + random.nextInt(400);
            double pct = random.nextInt(4) == 0 ? 100 * random.nextInt(2) : random.nextDouble() * 100;

            assertThat(BidCalculator.weightedPercentile(samples, from, to, pct))
                    .as("trial %d: %s in [%d, %d) at p%f", trial, samples, from, to, pct)
                    .isEqualTo(everyMillisecond(samples, from, to, pct));
        }
    }

    private static double everyMillisecond(List<SpotHistory.Sample> samples, long from, long to, double pct) {
        List<Double> units = new ArrayList<>();
        for (int i = 0; i < samples.size(); i++) {
            SpotHistory.Sample s = samples.get(i);
            long start = Math.max(s.at(), from);
            long end = i + 1 < samples.size() ? Math.min(samples.get(i + 1).at(), to) : to;
            for (long ms = start; ms < end; ms++) {
                if (s.until() == null || ms < s.until()) {
                    units.add(s.usdPerHour());
                }
            }
        }
        if (units.isEmpty()) {
            // One unit per price; a sample that holds for no time is a withdrawal, no price, unless all are.
            samples.stream()
                    .filter(s -> s.until() == null || s.until() > s.at())
                    .forEach(s -> units.add(s.usdPerHour()));
        }
        if (units.isEmpty()) {
            samples.forEach(s -> units.add(s.usdPerHour()));
        }
        Collections.sort(units);
        double target = pct / 100 * units.size();
        for (int i = 0; i < units.size(); i++) {
            if (i + 1 >= target) {
                return units.get(i);
            }
        }
        return units.get(units.size() - 1);
    }

    /** As above, with deadlines and withdrawals (samples that hold for no time) among the samples. */
    @Test
    void agreesWithThePercentileOfEveryMillisecondWhenPricesHaveDeadlines() {
        Random random = new Random(20261208L);
        int stoppedEarly = 0;
        for (int trial = 0; trial < 2_000; trial++) {
            int n = 1 + random.nextInt(40);
            List<SpotHistory.Sample> samples = new ArrayList<>();
            long at = random.nextInt(50);
            for (int i = 0; i < n; i++) {
                Long until = switch (random.nextInt(4)) {
                    case 0 -> at + random.nextInt(40);
                    case 1 -> at; // a withdrawal
                    default -> null;
                };
                samples.add(new SpotHistory.Sample(at, 0.5 + random.nextInt(8) * 0.25, until));
                at += random.nextInt(4) == 0 ? 0 : 1 + random.nextInt(30);
            }
            long from = random.nextInt(200);
            long to = from + random.nextInt(400);
            double pct = random.nextInt(4) == 0 ? 100 * random.nextInt(2) : random.nextDouble() * 100;
            double withDeadlines = everyMillisecond(samples, from, to, pct);
            List<SpotHistory.Sample> undated = samples.stream()
                    .map(s -> new SpotHistory.Sample(s.at(), s.usdPerHour()))
                    .toList();
            if (withDeadlines != everyMillisecond(undated, from, to, pct)) {
                stoppedEarly++;
            }

            assertThat(BidCalculator.weightedPercentile(samples, from, to, pct))
                    .as("trial %d: %s in [%d, %d) at p%f", trial, samples, from, to, pct)
                    .isEqualTo(withDeadlines);
        }
        assertThat(stoppedEarly)
                .as("trials where the deadlines change the answer")
                .isGreaterThan(100);
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
