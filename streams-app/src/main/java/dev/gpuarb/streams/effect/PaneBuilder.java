package dev.gpuarb.streams.effect;

import dev.gpuarb.streams.common.Keys;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/** Collects one product's prices in effect during one pane, while the pane closes. */
final class PaneBuilder {

    private final OfferTimeline first;
    private final long start;
    private final TreeMap<String, RegionTotals> totals = new TreeMap<>();
    // The sketch is built once from all ids: adding them one by one copies the sketch per new offer.
    private final List<String> offerIds = new ArrayList<>();

    PaneBuilder(OfferTimeline first, long start) {
        this.first = first;
        this.start = start;
    }

    /** Adds what one offer had in effect in [start, end); offers without any add nothing. */
    void add(OfferTimeline offer, long end) {
        int before = offerIds.size();
        offer.forEachSegment(start, end, (step, from, to, period) -> {
            totals.compute(
                    Keys.join(offer.region(), offer.provider()),
                    (k, t) -> (t == null ? RegionTotals.none(offer.region(), offer.provider()) : t)
                            .plus(step, from, to, period));
            if (offerIds.size() == before) {
                offerIds.add(offer.offerId());
            }
        });
    }

    boolean isEmpty() {
        return totals.isEmpty();
    }

    PaneTotals build() {
        return new PaneTotals(
                first.kind(), first.product(), first.pricingModel(), start, totals, DistinctOffers.of(offerIds));
    }
}
