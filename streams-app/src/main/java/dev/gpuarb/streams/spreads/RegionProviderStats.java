package dev.gpuarb.streams.spreads;

/** Running min / max / sum / count of the prices one provider showed in one region. */
public record RegionProviderStats(String region, String provider, double min, double max, double sum, int count) {

    public static RegionProviderStats first(String region, String provider, double price) {
        return new RegionProviderStats(region, provider, price, price, price, 1);
    }

    public RegionProviderStats plus(double price) {
        return new RegionProviderStats(region, provider, Math.min(min, price), Math.max(max, price), sum + price, count + 1);
    }

    public double mean() {
        return sum / count;
    }
}
