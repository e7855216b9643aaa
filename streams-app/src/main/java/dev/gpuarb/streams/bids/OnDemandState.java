package dev.gpuarb.streams.bids;

import java.util.TreeSet;

/**
 * Per provider|region|instanceType: the on-demand price (null until seen), from when it holds and until
 * when ({@code until} null: until the next price), and the spot offers of that instance type, so an
 * on-demand change can re-cap their bids.
 */
public record OnDemandState(Double usdPerHour, long at, Long until, TreeSet<String> spotOfferIds) {

    public static OnDemandState empty() {
        return new OnDemandState(null, 0L, null, new TreeSet<>());
    }

    public OnDemandState withPrice(double price, long priceAt, Long priceUntil) {
        return new OnDemandState(price, priceAt, priceUntil, spotOfferIds);
    }

    /** The on-demand offer's withdrawal at {@code withdrawnAt}: no price holds from then on. */
    public OnDemandState withdrawnAt(long withdrawnAt) {
        return new OnDemandState(usdPerHour, withdrawnAt, withdrawnAt, spotOfferIds);
    }

    public OnDemandState withSpotOffer(String offerId) {
        TreeSet<String> ids = new TreeSet<>(spotOfferIds);
        ids.add(offerId);
        return new OnDemandState(usdPerHour, at, until, ids);
    }

    /** The on-demand price in effect at {@code t}, or null when none is (never seen, withdrawn or expired). */
    public Double priceAt(long t) {
        return usdPerHour != null && (until == null || until > t) ? usdPerHour : null;
    }
}
