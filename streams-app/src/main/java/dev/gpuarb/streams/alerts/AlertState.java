package dev.gpuarb.streams.alerts;

import dev.gpuarb.streams.common.PricePoint;
import java.util.TreeMap;

/** Per GPU model and pricing model: latest price per offer and when each region pair last alerted. */
public record AlertState(TreeMap<String, PricePoint> latestByOffer, TreeMap<String, Long> lastAlertAtByPair) {

    public static AlertState empty() {
        return new AlertState(new TreeMap<>(), new TreeMap<>());
    }
}
