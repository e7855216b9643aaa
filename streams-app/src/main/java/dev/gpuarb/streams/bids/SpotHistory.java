package dev.gpuarb.streams.bids;

import dev.gpuarb.streams.effect.PriceEvent;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Recent prices of one spot offer, oldest first, plus what the bid record needs to describe the offer.
 * Keeps every sample inside the horizon and the last one before it, since that price was still in
 * effect when the horizon began.
 */
public record SpotHistory(String offerId, String provider, String region, String zone, String instanceType,
                          String gpuModel, List<Sample> samples) {

    /** Instance price (USD per hour) in effect from {@code at}. */
    public record Sample(long at, double usdPerHour) {
    }

    public static SpotHistory start(PriceEvent e) {
        return new SpotHistory(e.offerId(), e.provider(), e.region(), e.instance().zone(), e.instance().instanceType(),
                e.product(), List.of());
    }

    public SpotHistory with(long at, double usdPerHour, long horizonMs) {
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
        return new SpotHistory(offerId, provider, region, zone, instanceType, gpuModel,
                List.copyOf(all.subList(firstKept, all.size())));
    }

    public Sample latest() {
        return samples.get(samples.size() - 1);
    }
}
