package dev.gpuarb.streams.bids;

import dev.gpuarb.avro.BidAction;
import dev.gpuarb.avro.SpotBid;
import dev.gpuarb.streams.common.TextFormat;
import java.time.Instant;
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
                .setSampleCount(samplesSince(history.samples(), now - horizonMs))
                .setReason(reason)
                .setAt(Instant.ofEpochMilli(now))
                .build();
    }

    /** Prices (not withdrawals) at or after {@code from}. */
    private static int samplesSince(List<SpotHistory.Sample> samples, long from) {
        int count = 0;
        for (SpotHistory.Sample s : samples) {
            if (s.at() >= from && !s.isGap()) {
                count++;
            }
        }
        return count;
    }

    /**
     * Percentile of the prices weighted by how long each was in effect within [from, to): from its time
     * until the next sample or its deadline. The newest price has no duration yet, so it only counts when
     * nothing else does (then every price weighs the same).
     * The smallest price whose weight, added to that of every cheaper price, reaches the percentile.
     *
     * <p>This runs on every spot price, over up to 256 samples, so it selects rather than sorts: a
     * three-way quickselect over primitive arrays, which keeps on the side of the pivot where the
     * percentile lies. Weights are whole milliseconds summed as longs, so the running totals are exact
     * whatever order they are added in. A price with no weight is never the answer and is set aside first.
     * Prices are never negative, so their IEEE bits order as the prices do.
     */
    static double weightedPercentile(List<SpotHistory.Sample> samples, long from, long to, double pct) {
        int n = samples.size();
        long[] prices = new long[n];
        long[] weights = new long[n];
        long total = 0;
        long highest = Long.MIN_VALUE;
        for (int i = 0; i < n; i++) {
            SpotHistory.Sample sample = samples.get(i);
            long start = Math.max(sample.at(), from);
            long end = Math.min(i + 1 < n ? Math.min(samples.get(i + 1).at(), to) : to, sample.end());
            weights[i] = Math.max(0, end - start);
            total += weights[i];
            prices[i] = Double.doubleToLongBits(sample.usdPerHour());
            highest = Math.max(highest, prices[i]);
        }
        if (total == 0) {
            // Every price weighs the same; withdrawals are no price, unless they are all there is.
            boolean anyPrice = samples.stream().anyMatch(sample -> !sample.isGap());
            for (int i = 0; i < n; i++) {
                weights[i] = anyPrice && samples.get(i).isGap() ? 0 : 1;
                total += weights[i];
            }
        }
        int count = 0;
        for (int i = 0; i < n; i++) {
            if (weights[i] > 0) {
                prices[count] = prices[i];
                weights[count++] = weights[i];
            }
        }
        double target = pct / 100 * total;
        long below = 0; // the weight of every price left of lo, all cheaper than those in [lo, hi)
        int lo = 0;
        int hi = count;
        while (lo < hi) {
            long pivot = prices[lo + (hi - lo) / 2];
            // Partition [lo, hi) into [lo, lt) cheaper than the pivot, [lt, gt) equal, [gt, hi) dearer.
            int lt = lo;
            int gt = hi;
            long cheaper = 0;
            long equal = 0;
            int i = lo;
            while (i < gt) {
                if (prices[i] < pivot) {
                    cheaper += weights[i];
                    swap(prices, weights, lt++, i++);
                } else if (prices[i] > pivot) {
                    swap(prices, weights, i, --gt);
                } else {
                    equal += weights[i++];
                }
            }
            if (lt > lo && below + cheaper >= target) {
                hi = lt;
            } else if (below + cheaper + equal >= target) {
                return Double.longBitsToDouble(pivot);
            } else {
                below += cheaper + equal;
                lo = gt;
            }
        }
        return Double.longBitsToDouble(highest);
    }

    private static void swap(long[] prices, long[] weights, int a, int b) {
        long price = prices[a];
        prices[a] = prices[b];
        prices[b] = price;
        long weight = weights[a];
        weights[a] = weights[b];
        weights[b] = weight;
    }
}
