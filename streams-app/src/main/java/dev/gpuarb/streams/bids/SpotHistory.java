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
 * <p>Beyond that bound the sample closest in price to the one before it is dropped, oldest first (never
 * the first or the latest): the earlier price then holds over its interval too. A repeated price is
 * dropped first, which leaves the time-weighted distribution as it was (for samples that arrived in
 * order) and only lowers the sample count; with more distinct prices than the bound, each drop moves one
 * interval's price by the smallest gap between neighbours.
 */
public record SpotHistory(
        String offerId,
        String provider,
        String region,
        String zone,
        String instanceType,
        String gpuModel,
        List<Sample> samples) {

    /** Instance price (USD per hour) in effect from {@code at}. */
    public record Sample(long at, double usdPerHour) {}

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

    /** Samples kept at most: a day of prices changing every six minutes, about 4 KB in binary. */
    public static final int MAX_SAMPLES = 256;

    public SpotHistory with(long at, double usdPerHour, long horizonMs) {
        return with(at, usdPerHour, horizonMs, MAX_SAMPLES);
    }

    SpotHistory with(long at, double usdPerHour, long horizonMs, int maxSamples) {
        List<Sample> all = new ArrayList<>(samples);
        all.removeIf(s -> s.at() == at); // a repeated timestamp is a correction of the same price point
        all.add(new Sample(at, usdPerHour));
        all.sort(Comparator.comparingLong(Sample::at));
        long horizonStart = all.get(all.size() - 1).at() - horizonMs;
        int firstKept = 0;
        for (int i = 0; i < all.size(); i++) {
            if (all.get(i).at() <= horizonStart) {
                firstKept = i;
            }
        }
        List<Sample> kept = new ArrayList<>(all.subList(firstKept, all.size()));
        while (kept.size() > Math.max(2, maxSamples)) {
            kept.remove(closestToItsPredecessor(kept));
        }
        return new SpotHistory(offerId, provider, region, zone, instanceType, gpuModel, List.copyOf(kept));
    }

    /** The index, neither first nor last, of the sample whose price is nearest the one before it; the oldest on ties. */
    private static int closestToItsPredecessor(List<Sample> samples) {
        int closest = 1;
        double smallestGap = Double.POSITIVE_INFINITY;
        for (int i = 1; i < samples.size() - 1; i++) {
            double gap =
                    Math.abs(samples.get(i).usdPerHour() - samples.get(i - 1).usdPerHour());
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
