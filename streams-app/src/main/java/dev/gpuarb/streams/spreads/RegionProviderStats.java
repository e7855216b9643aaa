package dev.gpuarb.streams.spreads;

import java.math.BigDecimal;

/**
 * Running min / max / sum / count of the prices one provider showed in one region.
 *
 * <p>The sum is exact (a double converts to a BigDecimal without loss and BigDecimal addition does
 * not round), so it and the mean do not depend on the order the prices arrived in, as a double sum
 * would. Prices are finite: validation rejects the others before they reach the aggregate.
 */
public record RegionProviderStats(String region, String provider, double min, double max, BigDecimal sum, int count) {

    public static RegionProviderStats first(String region, String provider, double price) {
        return new RegionProviderStats(region, provider, price, price, new BigDecimal(price), 1);
    }

    public RegionProviderStats plus(double price) {
        return new RegionProviderStats(region, provider, Math.min(min, price), Math.max(max, price),
                sum.add(new BigDecimal(price)), count + 1);
    }

    public double mean() {
        return sum.doubleValue() / count;
    }
}
