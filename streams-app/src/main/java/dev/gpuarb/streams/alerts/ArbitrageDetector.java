package dev.gpuarb.streams.alerts;

import dev.gpuarb.avro.ArbitrageAlert;
import dev.gpuarb.avro.PricingModel;
import dev.gpuarb.streams.common.Keys;
import dev.gpuarb.streams.common.PricePoint;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Compares the cheapest current price of each region for one GPU and pricing model. When a new price
 * arrives, every pair involving its region is checked; a pair alerts at most once per throttle period.
 */
public final class ArbitrageDetector {

    private static final Comparator<PricePoint> CHEAPEST = Comparator.comparingDouble(PricePoint::price)
            .thenComparing(PricePoint::offerId);

    private final double thresholdPct;
    private final long throttleMs;

    public ArbitrageDetector(double thresholdPct, long throttleMs) {
        this.thresholdPct = thresholdPct;
        this.throttleMs = throttleMs;
    }

    /** The alerts the price triggers; {@code state} is updated in place (latest prices, throttle times). */
    public List<ArbitrageAlert> onPrice(AlertState state, PricePoint price) {
        PricePoint known = state.latestByOffer().get(price.offerId());
        if (known != null && known.at() > price.at()) {
            return List.of();
        }
        state.latestByOffer().put(price.offerId(), price);
        Map<String, PricePoint> cheapestByRegion = new TreeMap<>();
        for (PricePoint p : state.latestByOffer().values()) {
            cheapestByRegion.merge(p.region(), p, (a, b) -> CHEAPEST.compare(a, b) <= 0 ? a : b);
        }
        PricePoint mine = cheapestByRegion.get(price.region());
        List<ArbitrageAlert> alerts = new ArrayList<>();
        for (PricePoint other : cheapestByRegion.values()) {
            if (other.region().equals(price.region()) || other.price() == mine.price()) {
                continue;
            }
            PricePoint cheap = mine.price() < other.price() ? mine : other;
            PricePoint dear = cheap == mine ? other : mine;
            double spreadPct = (dear.price() - cheap.price()) / dear.price() * 100;
            if (spreadPct < thresholdPct) {
                continue;
            }
            String pair = Keys.join(cheap.region(), dear.region());
            Long last = state.lastAlertAtByPair().get(pair);
            if (last != null && price.at() - last < throttleMs) {
                continue;
            }
            state.lastAlertAtByPair().put(pair, price.at());
            alerts.add(alert(cheap, dear, spreadPct, price.at()));
        }
        return alerts;
    }

    public static String alertKey(ArbitrageAlert a) {
        return Keys.join(a.getGpuModel(), a.getPricingModel().name(), a.getCheapRegion(), a.getDearRegion());
    }

    private ArbitrageAlert alert(PricePoint cheap, PricePoint dear, double spreadPct, long at) {
        String key = Keys.join(cheap.product(), cheap.pricingModel(), cheap.region(), dear.region());
        return ArbitrageAlert.newBuilder()
                .setAlertId(key + "@" + at)
                .setGpuModel(cheap.product())
                .setPricingModel(PricingModel.valueOf(cheap.pricingModel()))
                .setCheapRegion(cheap.region())
                .setCheapProvider(cheap.provider())
                .setCheapOfferId(cheap.offerId())
                .setCheapUsdPerGpuHour(cheap.price())
                .setDearRegion(dear.region())
                .setDearProvider(dear.provider())
                .setDearOfferId(dear.offerId())
                .setDearUsdPerGpuHour(dear.price())
                .setSpreadPct(spreadPct)
                .setThresholdPct(thresholdPct)
                .setAt(Instant.ofEpochMilli(at))
                .build();
    }
}
