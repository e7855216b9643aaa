package dev.gpuarb.streams.alerts;

import dev.gpuarb.avro.ArbitrageAlert;
import dev.gpuarb.avro.PricingModel;
import dev.gpuarb.streams.common.Keys;
import dev.gpuarb.streams.common.PricePoint;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Compares the cheapest current price of each region for one GPU and pricing model. When a new price
 * arrives, every pair involving its region is checked; a pair alerts at most once per throttle period.
 * The work per price is bounded by the regions, except when a region's cheapest offer gets dearer or
 * moves away: then that one region's offers are scanned.
 *
 * <p>A price of time t compares the offers whose latest price holds at t: not withdrawn, and validUntil
 * after t. The board keeps each region's cheapest latest price whatever its deadline, so it does not
 * depend on the order prices arrive in; an offer on it whose deadline has passed at t is skipped by
 * scanning its region for the cheapest price that holds at t. That scan repeats for every price of the
 * model while such an offer stays its region's cheapest: a source that stopped answering costs one region
 * scan per price until it answers again or withdraws its offers.
 *
 * <p>A pair's last alert time is kept for the throttle period plus {@code lateMs} after the newest alert
 * of the model, then forgotten, so the pairs kept are those that alerted recently, not every pair that
 * ever did. Only a price dated more than {@code lateMs} before the model's newest alert can tell the
 * difference: it may alert a pair that an alert forgotten by then would have throttled.
 */
public final class ArbitrageDetector {

    /** A day: far beyond the lateness of live sources, which report every few minutes. */
    public static final long DEFAULT_LATE_MS = 24 * 60 * 60_000L;

    private final double thresholdPct;
    private final long throttleMs;
    private final long keepAlertsMs;

    public ArbitrageDetector(double thresholdPct, long throttleMs) {
        this(thresholdPct, throttleMs, DEFAULT_LATE_MS);
    }

    public ArbitrageDetector(double thresholdPct, long throttleMs, long lateMs) {
        if (lateMs < 0 || throttleMs < 0) {
            throw new IllegalArgumentException(
                    "throttle and lateness must not be negative: " + throttleMs + ", " + lateMs);
        }
        this.thresholdPct = thresholdPct;
        this.throttleMs = throttleMs;
        this.keepAlertsMs = lateMs > Long.MAX_VALUE - throttleMs ? Long.MAX_VALUE : throttleMs + lateMs;
    }

    /**
     * The alerts the price triggers. {@code book} and {@code board} are updated in place: the offer's latest
     * price, the cheapest offer of the regions it touches, and the throttle times. An offer priced at an
     * earlier event time than its latest known price changes nothing.
     */
    public List<ArbitrageAlert> onPrice(RegionBoard board, OfferBook book, PricePoint price) {
        PricePoint known = book.latest(price.offerId());
        if (known != null && known.at() > price.at()) {
            return List.of();
        }
        book.put(price, known);
        if (known != null && !known.region().equals(price.region())) {
            leftRegion(board, book, known);
        }
        cheapestAfter(board, book, price);
        long t = price.at();
        PricePoint mine = holdingAt(board, book, price.region(), t);
        if (mine == null) {
            return List.of(); // the price itself expired on arrival, and so did every other offer of its region
        }
        List<ArbitrageAlert> alerts = new ArrayList<>();
        for (String region : board.cheapestByRegion().keySet()) {
            if (region.equals(price.region())) {
                continue;
            }
            PricePoint other = holdingAt(board, book, region, t);
            if (other == null || other.price() == mine.price()) {
                continue;
            }
            PricePoint cheap = mine.price() < other.price() ? mine : other;
            PricePoint dear = cheap == mine ? other : mine;
            double spreadPct = (dear.price() - cheap.price()) / dear.price() * 100;
            if (spreadPct < thresholdPct) {
                continue;
            }
            String pair = Keys.join(cheap.region(), dear.region());
            Long last = board.lastAlertAtByPair().get(pair);
            if (last != null && price.at() - last < throttleMs) {
                continue;
            }
            board.lastAlertAtByPair().put(pair, price.at());
            alerts.add(alert(cheap, dear, spreadPct, price.at()));
        }
        if (!alerts.isEmpty()) {
            board.forgetAlertsOlderThan(keepAlertsMs);
        }
        return alerts;
    }

    /**
     * The offer was withdrawn at {@code at} (its source no longer lists it): from then on it is no
     * region's cheapest, so it can neither trigger nor be the cheap or dear side of an alert. A withdrawal
     * older than the offer's latest price changes nothing; a later price lists the offer again.
     */
    public void onWithdrawal(RegionBoard board, OfferBook book, String offerId, long at) {
        PricePoint known = book.latest(offerId);
        if (known == null || known.at() > at) {
            return;
        }
        book.withdraw(known, at);
        leftRegion(board, book, known);
    }

    /**
     * The cheapest offer of {@code region} whose price holds at {@code t}, or null: the board's when it
     * holds, else a scan of the region that skips the prices past their validUntil.
     */
    private static PricePoint holdingAt(RegionBoard board, OfferBook book, String region, long t) {
        PricePoint cheapest = board.cheapestByRegion().get(region);
        return cheapest.holdsAt(t) ? cheapest : book.cheapestIn(region, t).orElse(null);
    }

    /** Puts the region's cheapest once {@code price} is in on the board; a scan only when the cheapest offer got dearer. */
    private static void cheapestAfter(RegionBoard board, OfferBook book, PricePoint price) {
        PricePoint current = board.cheapestByRegion().get(price.region());
        PricePoint cheapest;
        if (current == null || OfferBook.CHEAPEST.compare(price, current) <= 0) {
            cheapest = price;
        } else if (current.offerId().equals(price.offerId())) {
            cheapest = book.cheapestIn(price.region()).orElseThrow();
        } else {
            cheapest = current;
        }
        board.cheapestByRegion().put(price.region(), cheapest);
    }

    /** The offer left {@code before}'s region (moved or withdrawn); if it was that region's cheapest, the region is rescanned. */
    private static void leftRegion(RegionBoard board, OfferBook book, PricePoint before) {
        PricePoint current = board.cheapestByRegion().get(before.region());
        if (current == null || !current.offerId().equals(before.offerId())) {
            return;
        }
        book.cheapestIn(before.region())
                .ifPresentOrElse(
                        p -> board.cheapestByRegion().put(before.region(), p),
                        () -> board.cheapestByRegion().remove(before.region()));
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
