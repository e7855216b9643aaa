package dev.gpuarb.streams.alerts;

import dev.gpuarb.avro.ArbitrageAlert;
import dev.gpuarb.avro.PricingModel;
import dev.gpuarb.streams.common.Keys;
import dev.gpuarb.streams.common.PricePoint;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The detector as it was before its state was split per offer: all offers of a model in one map, the
 * cheapest per region recomputed from all of them on every price, from the offers in effect at the
 * price's time. The tests hold the stage to its output.
 */
final class ReferenceDetector {

    private static final Comparator<PricePoint> CHEAPEST =
            Comparator.comparingDouble(PricePoint::price).thenComparing(PricePoint::offerId);

    private final double thresholdPct;
    private final long throttleMs;
    private final Map<String, AlertState> states = new HashMap<>();
    /** Per product key, the offers withdrawn since their latest price (they are nobody's cheapest). */
    private final Map<String, Set<String>> withdrawn = new HashMap<>();

    ReferenceDetector(double thresholdPct, long throttleMs) {
        this.thresholdPct = thresholdPct;
        this.throttleMs = throttleMs;
    }

    AlertState state(String productKey) {
        return states.computeIfAbsent(productKey, k -> new AlertState(new TreeMap<>(), new TreeMap<>()));
    }

    List<ArbitrageAlert> onPrice(PricePoint price) {
        AlertState state = state(price.productKey());
        PricePoint known = state.latestByOffer().get(price.offerId());
        if (known != null && known.at() > price.at()) {
            return List.of();
        }
        state.latestByOffer().put(price.offerId(), price);
        Set<String> gone = withdrawn.computeIfAbsent(price.productKey(), k -> new HashSet<>());
        gone.remove(price.offerId());
        Map<String, PricePoint> cheapestByRegion = new TreeMap<>();
        for (PricePoint p : state.latestByOffer().values()) {
            // In effect at the price's time: not withdrawn, and its deadline (if any) after that time.
            boolean expired = p.validUntil() != null && p.validUntil() <= price.at();
            if (!gone.contains(p.offerId()) && !expired) {
                cheapestByRegion.merge(p.region(), p, (a, b) -> CHEAPEST.compare(a, b) <= 0 ? a : b);
            }
        }
        PricePoint mine = cheapestByRegion.get(price.region());
        if (mine == null) {
            return List.of();
        }
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

    /** The offer's withdrawal at {@code at}: ignored when older than the offer's latest price, else it stops counting. */
    void onWithdrawal(String productKey, String offerId, long at) {
        AlertState state = state(productKey);
        PricePoint known = state.latestByOffer().get(offerId);
        if (known == null || known.at() > at) {
            return;
        }
        state.latestByOffer()
                .put(
                        offerId,
                        new PricePoint(
                                known.kind(),
                                known.product(),
                                known.pricingModel(),
                                known.region(),
                                known.provider(),
                                known.offerId(),
                                known.price(),
                                at,
                                known.validUntil()));
        withdrawn.computeIfAbsent(productKey, k -> new HashSet<>()).add(offerId);
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
