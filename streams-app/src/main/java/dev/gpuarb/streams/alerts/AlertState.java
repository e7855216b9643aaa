package dev.gpuarb.streams.alerts;

import dev.gpuarb.streams.common.PricePoint;
import java.util.TreeMap;

/**
 * The state record of earlier versions: every offer's latest price in one value, which outgrew Kafka's
 * record limit. Kept only to read existing {@value AlertStores#LEGACY_STATE} stores and migrate them.
 */
public record AlertState(TreeMap<String, PricePoint> latestByOffer, TreeMap<String, Long> lastAlertAtByPair) {

    /** Writes every offer into {@code book} and returns the equivalent board (throttle times kept). */
    public RegionBoard migrateInto(OfferBook book) {
        RegionBoard board = RegionBoard.empty();
        if (latestByOffer != null) {
            for (PricePoint p : latestByOffer.values()) {
                book.put(p, null);
                board.cheapestByRegion().merge(p.region(), p, (a, b) -> OfferBook.CHEAPEST.compare(a, b) <= 0 ? a : b);
            }
        }
        if (lastAlertAtByPair != null) {
            board.lastAlertAtByPair().putAll(lastAlertAtByPair);
        }
        return board;
    }
}
