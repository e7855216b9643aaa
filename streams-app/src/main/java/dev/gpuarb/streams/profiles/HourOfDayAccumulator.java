package dev.gpuarb.streams.profiles;

import dev.gpuarb.streams.common.PricePoint;
import java.time.Duration;

/** Sum and count of prices per UTC hour of day (0..23) for one product and region over one horizon window. */
public record HourOfDayAccumulator(String kind, String product, String pricingModel, String region,
                                   double[] sums, int[] counts, long lastAt) {

    static final int HOURS = 24;
    private static final long HOUR_MS = Duration.ofHours(1).toMillis();

    public static HourOfDayAccumulator empty() {
        return new HourOfDayAccumulator(null, null, null, null, new double[HOURS], new int[HOURS], 0L);
    }

    public HourOfDayAccumulator add(PricePoint p) {
        int hour = hourOfDayUtc(p.at());
        double[] newSums = sums.clone();
        int[] newCounts = counts.clone();
        newSums[hour] += p.price();
        newCounts[hour]++;
        return new HourOfDayAccumulator(p.kind(), p.product(), p.pricingModel(), p.region(), newSums, newCounts,
                Math.max(lastAt, p.at()));
    }

    public static int hourOfDayUtc(long epochMillis) {
        return (int) Math.floorMod(Math.floorDiv(epochMillis, HOUR_MS), (long) HOURS);
    }
}
