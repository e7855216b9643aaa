package dev.gpuarb.streams.effect;

import dev.gpuarb.avro.PricingModel;
import dev.gpuarb.avro.RegionPriceStats;
import dev.gpuarb.avro.RegionalSpread;
import dev.gpuarb.avro.WorkloadKind;
import dev.gpuarb.streams.common.PricePoint;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Turns the prices a product had in effect during a closed window into the published spread record. */
public final class SpreadCalculator {

    private SpreadCalculator() {}

    /** The cheapest price of one region, with the provider offering it. */
    record RegionLow(String region, String provider, double price) {}

    // Ties go to the alphabetically first region, then provider, so equal prices give a stable answer.
    private static final Comparator<RegionLow> BY_PRICE = Comparator.comparingDouble(RegionLow::price)
            .thenComparing(RegionLow::region)
            .thenComparing(RegionLow::provider);

    /**
     * The spread of a window's totals: a region's price is the lowest any offer of it had in effect at
     * any moment of the window; means are weighted by time.
     */
    public static RegionalSpread toSpread(PaneTotals acc, long windowStart, long windowEnd) {
        List<RegionPriceStats> regions = new ArrayList<>();
        Map<String, RegionLow> lowestByRegion = new TreeMap<>();
        for (RegionTotals s : acc.byRegionProvider().values()) {
            regions.add(RegionPriceStats.newBuilder()
                    .setRegion(s.region())
                    .setProvider(s.provider())
                    .setMinPrice(s.min())
                    .setMaxPrice(s.max())
                    .setMeanPrice(s.timeWeightedMean())
                    .setSampleCount(s.periods())
                    .build());
            RegionLow candidate = new RegionLow(s.region(), s.provider(), s.min());
            lowestByRegion.merge(s.region(), candidate, (a, b) -> BY_PRICE.compare(a, b) <= 0 ? a : b);
        }
        RegionLow cheapest = lowestByRegion.values().stream().min(BY_PRICE).orElseThrow();
        // The dearest region is the one whose best price is highest; among equals the first by name.
        RegionLow dearest = lowestByRegion.values().stream()
                .min(Comparator.comparingDouble(RegionLow::price).reversed().thenComparing(RegionLow::region))
                .orElseThrow();
        WorkloadKind kind = WorkloadKind.valueOf(acc.kind());
        return RegionalSpread.newBuilder()
                .setKind(kind)
                .setProduct(acc.product())
                .setPricingModel(acc.pricingModel() == null ? null : PricingModel.valueOf(acc.pricingModel()))
                .setPriceUnit(
                        kind == WorkloadKind.GPU_HOURS
                                ? PricePoint.USD_PER_GPU_HOUR
                                : PricePoint.USD_PER_MILLION_TOKENS)
                .setWindowStart(Instant.ofEpochMilli(windowStart))
                .setWindowEnd(Instant.ofEpochMilli(windowEnd))
                .setRegions(regions)
                .setCheapestRegion(cheapest.region())
                .setCheapestProvider(cheapest.provider())
                .setCheapestPrice(cheapest.price())
                .setDearestRegion(dearest.region())
                .setDearestProvider(dearest.provider())
                .setDearestPrice(dearest.price())
                .setSpreadPct(spreadPct(cheapest.price(), dearest.price()))
                .setOfferCount(acc.offers().count())
                .build();
    }

    /** (dearest - cheapest) / cheapest * 100. */
    public static double spreadPct(double cheapest, double dearest) {
        return cheapest > 0 ? (dearest - cheapest) / cheapest * 100 : 0;
    }
}
