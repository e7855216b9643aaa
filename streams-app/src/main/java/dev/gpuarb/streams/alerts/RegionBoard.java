package dev.gpuarb.streams.alerts;

import dev.gpuarb.streams.common.PricePoint;
import java.util.TreeMap;

/**
 * Per GPU model and pricing model: the cheapest current offer of each region and when each region
 * pair last alerted. Its size depends on the regions only, never on how many offers they hold.
 */
public record RegionBoard(TreeMap<String, PricePoint> cheapestByRegion, TreeMap<String, Long> lastAlertAtByPair) {

    public static RegionBoard empty() {
        return new RegionBoard(new TreeMap<>(), new TreeMap<>());
    }
}
