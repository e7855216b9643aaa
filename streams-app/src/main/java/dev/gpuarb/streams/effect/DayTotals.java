package dev.gpuarb.streams.effect;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Arrays;

/**
 * The prices one product had in effect in one region during one UTC day, per hour of day: the exact
 * sum of price x milliseconds over every offer and provider, the offer-milliseconds, and the price
 * periods in effect in the hour. Immutable.
 *
 * @param lastAt the latest time a counted price took effect
 */
public record DayTotals(
        String kind,
        String product,
        String pricingModel,
        String region,
        long dayStart,
        BigDecimal[] weighted,
        long[] millis,
        int[] periods,
        long lastAt) {

    public static final int HOURS = 24;
    public static final long HOUR_MS = Duration.ofHours(1).toMillis();
    public static final long DAY_MS = Duration.ofDays(1).toMillis();

    public static DayTotals empty(String kind, String product, String pricingModel, String region, long dayStart) {
        BigDecimal[] weighted = new BigDecimal[HOURS];
        Arrays.fill(weighted, BigDecimal.ZERO);
        return new DayTotals(
                kind,
                product,
                pricingModel,
                region,
                dayStart,
                weighted,
                new long[HOURS],
                new int[HOURS],
                Long.MIN_VALUE);
    }

    /**
     * With one pane's totals of this region (any provider) added to its hour. A pane lies within one
     * hour; the prices carried into it are periods of the hour only if the pane starts the hour.
     */
    public DayTotals plus(long paneStart, RegionTotals pane) {
        int hour = hourOfDayUtc(paneStart);
        BigDecimal[] w = weighted.clone();
        long[] m = millis.clone();
        int[] p = periods.clone();
        w[hour] = w[hour].add(pane.weighted());
        m[hour] += pane.millis();
        p[hour] += pane.starts() + (paneStart % HOUR_MS == 0 ? pane.carried() : 0);
        return new DayTotals(kind, product, pricingModel, region, dayStart, w, m, p, Math.max(lastAt, pane.lastAt()));
    }

    /** These days' totals and another's, hour by hour (the horizon's days summed). */
    public DayTotals and(DayTotals other) {
        BigDecimal[] w = new BigDecimal[HOURS];
        long[] m = new long[HOURS];
        int[] p = new int[HOURS];
        for (int h = 0; h < HOURS; h++) {
            w[h] = weighted[h].add(other.weighted[h]);
            m[h] = millis[h] + other.millis[h];
            p[h] = periods[h] + other.periods[h];
        }
        return new DayTotals(
                kind,
                product,
                pricingModel,
                region,
                Math.min(dayStart, other.dayStart),
                w,
                m,
                p,
                Math.max(lastAt, other.lastAt));
    }

    public static int hourOfDayUtc(long epochMillis) {
        return (int) Math.floorMod(Math.floorDiv(epochMillis, HOUR_MS), (long) HOURS);
    }

    public static long dayStartOf(long epochMillis) {
        return Math.floorDiv(epochMillis, DAY_MS) * DAY_MS;
    }
}
