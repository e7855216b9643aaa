package dev.gpuarb.streams.spreads;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.gpuarb.streams.common.Keys;
import dev.gpuarb.streams.common.PricePoint;
import java.util.List;
import java.util.TreeMap;

/**
 * Window aggregate for one product: statistics per region and provider and a sketch of the
 * distinct offers seen. Its size is bounded by the number of region/provider pairs and the sketch
 * limit, never by the number of offers; the sorted map and the order-independent sketch keep the
 * serialized form, and so the output, independent of arrival order.
 */
public record SpreadAccumulator(String kind, String product, String pricingModel,
                                TreeMap<String, RegionProviderStats> byRegionProvider, DistinctOffers offers) {

    public static SpreadAccumulator empty() {
        return new SpreadAccumulator(null, null, null, new TreeMap<>(), DistinctOffers.none());
    }

    /**
     * Reads the JSON state. State written before the sketch holds the offer ids themselves
     * ({@code offerIds}); those are turned into the sketch so that existing stores stay readable.
     */
    @JsonCreator
    static SpreadAccumulator fromState(@JsonProperty("kind") String kind,
                                       @JsonProperty("product") String product,
                                       @JsonProperty("pricingModel") String pricingModel,
                                       @JsonProperty("byRegionProvider") TreeMap<String, RegionProviderStats> byRegionProvider,
                                       @JsonProperty("offers") DistinctOffers offers,
                                       @JsonProperty("offerIds") List<String> legacyOfferIds) {
        DistinctOffers sketch = offers != null ? offers : DistinctOffers.none();
        if (legacyOfferIds != null) {
            sketch = sketch.plus(DistinctOffers.of(legacyOfferIds));
        }
        return new SpreadAccumulator(kind, product, pricingModel,
                byRegionProvider == null ? new TreeMap<>() : byRegionProvider, sketch);
    }

    /** A new aggregate with the price added; this one is left as it is. */
    public SpreadAccumulator add(PricePoint p) {
        // The map has one entry per region and provider, so copying it keeps the aggregate immutable cheaply.
        TreeMap<String, RegionProviderStats> stats = new TreeMap<>(byRegionProvider);
        stats.merge(Keys.join(p.region(), p.provider()), RegionProviderStats.first(p.region(), p.provider(), p.price()),
                (old, first) -> old.plus(p.price()));
        return new SpreadAccumulator(p.kind(), p.product(), p.pricingModel(), stats, offers.with(p.offerId()));
    }

    /** Distinct offers that contributed: exact up to {@value DistinctOffers#EXACT_LIMIT}, estimated above. */
    public int offerCount() {
        return offers.count();
    }
}
