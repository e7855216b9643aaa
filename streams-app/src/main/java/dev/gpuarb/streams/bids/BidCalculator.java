package dev.gpuarb.streams.bids;

import dev.gpuarb.avro.BidAction;
import dev.gpuarb.avro.SpotBid;
import dev.gpuarb.streams.common.TextFormat;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

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
            reason = TextFormat.format(
                    "spot %.4f is within %.1f%% of on-demand %.4f: interruption risk is not worth the saving",
                    spot, onDemandProximityPct, onDemand);
        } else if (spot > recommended) {
            action = BidAction.HOLD;
            reason = TextFormat.format(
                    "spot %.4f is above the recommended maximum %.4f (p%.0f of the trailing window + %.1f%%): wait",
                    spot, recommended, percentile, marginPct);
        } else {
            action = BidAction.BID;
            reason = TextFormat.format(
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
                        .filter(s -> s.at() >= now - horizonMs && !s.isGap())
                        .count())
                .setReason(reason)
                .setAt(Instant.ofEpochMilli(now))
                .build();
    }

    /**
     * Percentile of the prices weighted by how long each was in effect within [from, to): from its time
     * until the next sample or its deadline. The newest price has no duration yet, so it only counts when
     * nothing else does (then every price weighs the same).
     * The smallest price whose weight, added to that of every cheaper price, reaches the percentile.
     *
     * <p>Primitive arrays rather than sorted records: this runs on every spot price, over up to 256 samples.
     * Prices are never negative, so their IEEE bits sort as the prices do.
     */
    static double weightedPercentile(List<SpotHistory.Sample> samples, long from, long to, double pct) {
        int n = samples.size();
        double[] weights = new double[n];
        double total = 0;
        for (int i = 0; i < n; i++) {
            SpotHistory.Sample sample = samples.get(i);
            long start = Math.max(sample.at(), from);
            long end = Math.min(i + 1 < n ? Math.min(samples.get(i + 1).at(), to) : to, sample.end());
            weights[i] = Math.max(0, end - start);
            total += weights[i];
        }
        if (total == 0) {
            // Every price weighs the same; withdrawals are no price, unless they are all there is.
            boolean anyPrice = samples.stream().anyMatch(sample -> !sample.isGap());
            for (int i = 0; i < n; i++) {
                weights[i] = anyPrice && samples.get(i).isGap() ? 0 : 1;
                total += weights[i];
            }
        }
        long[] prices = new long[n];
        for (int i = 0; i < n; i++) {
            prices[i] = Double.doubleToLongBits(samples.get(i).usdPerHour());
        }
        long[] distinct = prices.clone();
        Arrays.sort(distinct);
        int distinctCount = 0;
        for (int i = 0; i < n; i++) {
            if (i == 0 || distinct[i] != distinct[i - 1]) {
                distinct[distinctCount++] = distinct[i];
            }
        }
        double[] weightOf = new double[distinctCount];
        for (int i = 0; i < n; i++) {
            weightOf[Arrays.binarySearch(distinct, 0, distinctCount, prices[i])] += weights[i];
        }
        double target = pct / 100 * total;
        double cumulative = 0;
        for (int i = 0; i < distinctCount; i++) {
            cumulative += weightOf[i];
            if (weightOf[i] > 0 && cumulative >= target) {
                return Double.longBitsToDouble(distinct[i]);
            }
        }
        return Double.longBitsToDouble(distinct[distinctCount - 1]);
    }
}
