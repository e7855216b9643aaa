package dev.gpuarb.streams.effect;

import dev.gpuarb.streams.common.Keys;
import java.util.Map;
import java.util.TreeMap;

/**
 * What one product's offers had in effect during one pane (or, combined, a window): totals per region
 * and provider, and the distinct offers that were live at some moment of it.
 */
public record PaneTotals(
        String kind,
        String product,
        String pricingModel,
        long start,
        TreeMap<String, RegionTotals> byRegionProvider,
        DistinctOffers offers) {

    public static PaneTotals empty(String kind, String product, String pricingModel, long start) {
        return new PaneTotals(kind, product, pricingModel, start, new TreeMap<>(), DistinctOffers.none());
    }

    /**
     * These totals followed by those of the pane right after (see {@link RegionTotals#then}): the totals
     * of both panes as one stretch of time, carried prices counted at its start only.
     */
    public PaneTotals then(PaneTotals later) {
        TreeMap<String, RegionTotals> combined = new TreeMap<>(byRegionProvider);
        for (Map.Entry<String, RegionTotals> e : later.byRegionProvider.entrySet()) {
            combined.merge(e.getKey(), e.getValue().withoutCarried(), RegionTotals::then);
        }
        return new PaneTotals(kind, product, pricingModel, start, combined, offers.plus(later.offers));
    }

    /** The same totals seen from after their start: nothing was carried in. */
    public PaneTotals withoutCarried() {
        TreeMap<String, RegionTotals> totals = new TreeMap<>();
        byRegionProvider.forEach((k, t) -> totals.put(k, t.withoutCarried()));
        return new PaneTotals(kind, product, pricingModel, start, totals, offers);
    }

    public String productKey() {
        return Keys.join(kind, product, pricingModel == null ? "" : pricingModel);
    }
}
