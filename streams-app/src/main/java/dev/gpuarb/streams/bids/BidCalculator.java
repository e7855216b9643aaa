package dev.gpuarb.streams.bids;

import dev.gpuarb.avro.BidAction;
import dev.gpuarb.avro.SpotBid;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Recommends a maximum spot bid: a percentile of the trailing, time-weighted price distribution plus a
 * margin, never above on-demand (paying more than on-demand for interruptible capacity makes no sense).
 */
public final class BidCalculator {

    private final long horizonMs;
    private final double percentile;
    private final double marginPct;
    private final double onDemandProximityPct;

    public BidCalculator(long horizonMs, double percentile, double marginPct, double onDemandProximityPct) {
        this.horizonMs = horizonMs;
        this.percentile = percentile;
        this.marginPct = marginPct;
        this.onDemandProximityPct = onDemandProximityPct;
    }

    public long horizonMs() {
        return horizonMs;
    }

    public SpotBid recommend(SpotHistory history, Double onDemand, long now) {
        double spot = history.latest().usdPerHour();
        double atPercentile = weightedPercentile(history.samples(), now - horizonMs, now, percentile);
        double uncapped = atPercentile * (1 + marginPct / 100);
        boolean capped = onDemand != null && uncapped > onDemand;
        double recommended = capped ? onDemand : uncapped;
        BidAction action;
        String reason;
        if (onDemand != null && spot >= onDemand * (1 - onDemandProximityPct / 100)) {
            action = BidAction.USE_ON_DEMAND;
            reason = fmt(
                    "spot %.4f is within %.1f%% of on-demand %.4f: interruption risk is not worth the saving",
                    spot, onDemandProximityPct, onDemand);
        } else if (spot > recommended) {
            action = BidAction.HOLD;
            reason = fmt(
                    "spot %.4f is above the recommended maximum %.4f (p%.0f of the trailing window + %.1f%%): wait",
                    spot, recommended, percentile, marginPct);
        } else {
            action = BidAction.BID;
            reason = fmt(
                    "bid up to %.4f: p%.0f of the trailing window + %.1f%%%s",
                    recommended, percentile, marginPct, capped ? ", capped at on-demand" : "");
        }
        return SpotBid.newBuilder()
                .setOfferId(history.offerId())
                .setProvider(history.provider())
                .setRegion(history.region())
                .setZone(history.zone())
                .setInstanceType(history.instanceType())
                .setGpuModel(history.gpuModel())
                .setSpotUsdPerHour(spot)
                .setRecommendedMaxBidUsdPerHour(recommended)
                .setPercentile(percentile)
                .setMarginPct(marginPct)
                .setOnDemandUsdPerHour(onDemand)
                .setCappedAtOnDemand(capped)
                .setAction(action)
                .setHorizonMs(horizonMs)
                .setSampleCount((int) history.samples().stream()
                        .filter(s -> s.at() >= now - horizonMs)
                        .count())
                .setReason(reason)
                .setAt(Instant.ofEpochMilli(now))
                .build();
    }

    /**
     * Percentile of the prices weighted by how long each was in effect within [from, to). The newest price
     * has no duration yet, so it only counts when nothing else does (then every sample weighs the same).
     */
    static double weightedPercentile(List<SpotHistory.Sample> samples, long from, long to, double pct) {
        record Weighted(double price, double weight) {}
        List<Weighted> weighted = new ArrayList<>();
        double total = 0;
        for (int i = 0; i < samples.size(); i++) {
            long start = Math.max(samples.get(i).at(), from);
            long end = i + 1 < samples.size() ? Math.min(samples.get(i + 1).at(), to) : to;
            double w = Math.max(0, end - start);
            weighted.add(new Weighted(samples.get(i).usdPerHour(), w));
            total += w;
        }
        if (total == 0) {
            weighted.replaceAll(w -> new Weighted(w.price(), 1));
            total = weighted.size();
        }
        weighted.sort(Comparator.comparingDouble(Weighted::price));
        double target = pct / 100 * total;
        double cumulative = 0;
        for (Weighted w : weighted) {
            cumulative += w.weight();
            if (w.weight() > 0 && cumulative >= target) {
                return w.price();
            }
        }
        return weighted.get(weighted.size() - 1).price();
    }

    private static String fmt(String pattern, Object... args) {
        return String.format(Locale.ROOT, pattern, args);
    }
}
