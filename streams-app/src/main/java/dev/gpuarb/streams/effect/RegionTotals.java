package dev.gpuarb.streams.effect;

import java.math.BigDecimal;
import java.math.MathContext;

/**
 * The prices one provider had in effect in one region over some time: lowest and highest, the exact
 * sum of price x milliseconds over every offer (so the time-weighted mean does not depend on the order
 * anything was added in), the milliseconds of offer-time it covers, and the price periods counted:
 * those that began inside the time ({@code starts}) and those already in effect at its start
 * ({@code carried}).
 *
 * @param lastAt the latest time a counted price took effect
 */
public record RegionTotals(
        String region,
        String provider,
        double min,
        double max,
        BigDecimal weighted,
        long millis,
        int starts,
        int carried,
        long lastAt) {

    public static RegionTotals none(String region, String provider) {
        return new RegionTotals(
                region,
                provider,
                Double.POSITIVE_INFINITY,
                Double.NEGATIVE_INFINITY,
                BigDecimal.ZERO,
                0,
                0,
                0,
                Long.MIN_VALUE);
    }

    /** With one piece of a price in effect from {@code from} to {@code to} added. */
    public RegionTotals plus(OfferTimeline.Step step, long from, long to, OfferTimeline.Period period) {
        double price = step.price();
        return new RegionTotals(
                region,
                provider,
                Math.min(min, price),
                Math.max(max, price),
                weighted.add(new BigDecimal(price).multiply(BigDecimal.valueOf(to - from))),
                millis + (to - from),
                starts + (period == OfferTimeline.Period.STARTS ? 1 : 0),
                carried + (period == OfferTimeline.Period.CARRIED ? 1 : 0),
                Math.max(lastAt, step.at()));
    }

    /**
     * These totals followed by those of the time right after: the prices carried into the later time
     * were counted already (they began in this one or were carried into it).
     */
    public RegionTotals then(RegionTotals later) {
        return new RegionTotals(
                region,
                provider,
                Math.min(min, later.min),
                Math.max(max, later.max),
                weighted.add(later.weighted),
                millis + later.millis,
                starts + later.starts,
                carried,
                Math.max(lastAt, later.lastAt));
    }

    /** The same totals seen from after their start: nothing was carried in. */
    public RegionTotals withoutCarried() {
        return new RegionTotals(region, provider, min, max, weighted, millis, starts, 0, lastAt);
    }

    /** Price periods in effect at some moment of the time. */
    public int periods() {
        return starts + carried;
    }

    /** Sum of price x time over the time, the exact quotient rounded once to a double. */
    public double timeWeightedMean() {
        return weighted.divide(BigDecimal.valueOf(millis), MathContext.DECIMAL128)
                .doubleValue();
    }
}
