package dev.gpuarb.streams.alerts;

import dev.gpuarb.streams.common.PricePoint;
import java.util.TreeMap;

/**
 * Per GPU model and pricing model: the cheapest current offer of each region and when each region
 * pair last alerted. Its size depends on the regions only, never on how many offers they hold, and
 * the pairs are only those that alerted recently (see {@link #forgetAlertsOlderThan}).
 */
public record RegionBoard(TreeMap<String, PricePoint> cheapestByRegion, TreeMap<String, Long> lastAlertAtByPair) {

    public static RegionBoard empty() {
        return new RegionBoard(new TreeMap<>(), new TreeMap<>());
    }

    /** A copy whose maps can change without changing this one (price points are immutable). */
    public RegionBoard copy() {
        return new RegionBoard(new TreeMap<>(cheapestByRegion), new TreeMap<>(lastAlertAtByPair));
    }

    /** Drops the pairs whose last alert is more than {@code keepMs} older than the newest alert of any pair. */
    public void forgetAlertsOlderThan(long keepMs) {
        long newest = lastAlertAtByPair.values().stream()
                .mapToLong(Long::longValue)
                .max()
                .orElse(Long.MIN_VALUE);
        lastAlertAtByPair.values().removeIf(at -> newest - at > keepMs);
    }
}
