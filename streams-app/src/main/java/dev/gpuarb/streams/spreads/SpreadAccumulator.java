package dev.gpuarb.streams.spreads;

import dev.gpuarb.streams.common.Keys;
import dev.gpuarb.streams.common.PricePoint;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Window aggregate for one product: statistics per region and provider and the distinct offers
 * seen. Sorted collections keep the serialized form, and so the output, independent of arrival order.
 */
public record SpreadAccumulator(String kind, String product, String pricingModel,
                                TreeMap<String, RegionProviderStats> byRegionProvider, TreeSet<String> offerIds) {

    public static SpreadAccumulator empty() {
        return new SpreadAccumulator(null, null, null, new TreeMap<>(), new TreeSet<>());
    }

    public SpreadAccumulator add(PricePoint p) {
        TreeMap<String, RegionProviderStats> stats = new TreeMap<>(byRegionProvider);
        stats.merge(Keys.join(p.region(), p.provider()), RegionProviderStats.first(p.region(), p.provider(), p.price()),
                (old, first) -> old.plus(p.price()));
        TreeSet<String> offers = new TreeSet<>(offerIds);
        offers.add(p.offerId());
        return new SpreadAccumulator(p.kind(), p.product(), p.pricingModel(), stats, offers);
    }
}
