package dev.gpuarb.streams.bids;

import dev.gpuarb.streams.effect.PriceEvent;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Recent prices of one spot offer, oldest first, plus what the bid record needs to describe the offer.
 * Keeps the samples inside the horizon and the last one before it, since that price was still in
 * effect when the horizon began: at most {@value #MAX_SAMPLES} of them, because the history is read
 * and rewritten on every price of the offer.
 *
 * <p>A sample holds from its time until the next sample or its own deadline (the price's validUntil),
 * whichever comes first. A withdrawal is kept as a sample that holds for no time ({@link Sample#isGap}),
 * so the price before it stops there, and a late price dated before the withdrawal stops there too.
 *
 * <p>Beyond the bound the sample closest in price to the one before it is dropped, oldest first (never
 * the first or the latest, never a withdrawal, and only where the one before held up to it): the
 * earlier price then holds over its interval, up to the dropped sample's deadline. A repeated price is
 * dropped first, which leaves the time-weighted distribution as it was (for samples that arrived in
 * order) and only lowers the sample count; with more distinct prices than the bound, each drop moves one
 * interval's price by the smallest gap between neighbours. When no sample qualifies (withdrawals and
 * deadlines between all of them), the oldest goes and the distribution starts later.
 */
public record SpotHistory(
        String offerId,
        String provider,
        String region,
        String zone,
        String instanceType,
        String gpuModel,
        List<Sample> samples) {

    /**
     * Instance price (USD per hour) in effect from {@code at} until the next sample or {@code until},
     * whichever comes first ({@code until} null: no deadline of its own).
     */
    public record Sample(long at, double usdPerHour, Long until) {

        public Sample(long at, double usdPerHour) {
            this(at, usdPerHour, null);
        }

        /** Where this sample stops holding if no later sample stops it first. */
        public long end() {
            return until == null ? Long.MAX_VALUE : Math.max(at, until);
        }

        /** A withdrawal (or a price expired on arrival): it holds for no time. */
        public boolean isGap() {
            return end() == at;
        }
    }

    public static SpotHistory start(PriceEvent e) {
        return new SpotHistory(
                e.offerId(),
                e.provider(),
                e.region(),
                e.instance().zone(),
                e.instance().instanceType(),
                e.product(),
                List.of());
    }

    /** Samples kept at most: a day of prices changing every six minutes, about 4.4 KB in binary. */
    public static final int MAX_SAMPLES = 256;

    public SpotHistory with(long at, double usdPerHour, long horizonMs) {
        return with(new Sample(at, usdPerHour), horizonMs, MAX_SAMPLES);
    }

    public SpotHistory with(Sample sample, long horizonMs) {
        return with(sample, horizonMs, MAX_SAMPLES);
    }

    /** The offer's withdrawal at {@code at}: its last price before that stops holding there. */
    public SpotHistory withdrawnAt(long at, long horizonMs) {
        return with(new Sample(at, latest().usdPerHour(), at), horizonMs);
    }

    SpotHistory with(long at, double usdPerHour, long horizonMs, int maxSamples) {
        return with(new Sample(at, usdPerHour), horizonMs, maxSamples);
    }

    SpotHistory with(Sample sample, long horizonMs, int maxSamples) {
        long at = sample.at();
        List<Sample> kept = new ArrayList<>(samples.size() + 1);
        kept.addAll(samples);
        if (!samples.isEmpty() && latest().at() >= at) { // late or at the same time: most prices come in order
            kept.removeIf(s -> s.at() == at); // the one read last of two at the same millisecond holds
            kept.add(sample);
            kept.sort(Comparator.comparingLong(Sample::at));
        } else {
            kept.add(sample);
        }
        long horizonStart = kept.get(kept.size() - 1).at() - horizonMs;
        int firstKept = 0; // the last sample at or before the horizon's start still holds when it begins
        while (firstKept + 1 < kept.size() && kept.get(firstKept + 1).at() <= horizonStart) {
            firstKept++;
        }
        kept.subList(0, firstKept).clear();
        while (kept.size() > Math.max(2, maxSamples)) {
            int merged = closestToItsPredecessor(kept);
            if (merged < 0) {
                kept.remove(0);
            } else {
                // The one before now holds over the dropped sample's interval, up to its deadline.
                Sample before = kept.get(merged - 1);
                kept.set(
                        merged - 1,
                        new Sample(
                                before.at(),
                                before.usdPerHour(),
                                kept.get(merged).until()));
                kept.remove(merged);
            }
        }
        return new SpotHistory(offerId, provider, region, zone, instanceType, gpuModel, List.copyOf(kept));
    }

    /**
     * The index, neither first nor last, of the price nearest the one before it among those that price
     * held up to (no withdrawal or deadline between them); the oldest on ties; -1 when there is none.
     */
    private static int closestToItsPredecessor(List<Sample> samples) {
        int closest = -1;
        double smallestGap = Double.POSITIVE_INFINITY;
        for (int i = 1; i < samples.size() - 1; i++) {
            Sample sample = samples.get(i);
            Sample before = samples.get(i - 1);
            if (sample.isGap() || before.end() < sample.at()) {
                continue;
            }
            double gap = Math.abs(sample.usdPerHour() - before.usdPerHour());
            if (gap < smallestGap) {
                smallestGap = gap;
                closest = i;
            }
        }
        return closest;
    }

    public Sample latest() {
        return samples.get(samples.size() - 1);
    }
}
