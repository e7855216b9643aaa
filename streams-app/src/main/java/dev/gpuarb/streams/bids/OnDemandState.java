package dev.gpuarb.streams.bids;

import java.util.TreeSet;

/**
 * Per provider|region|instanceType: the on-demand price (null until seen) and the spot offers of that
 * instance type, so an on-demand change can re-cap their bids.
 */
public record OnDemandState(Double usdPerHour, long at, TreeSet<String> spotOfferIds) {

    public static OnDemandState empty() {
        return new OnDemandState(null, 0L, new TreeSet<>());
    }

    public OnDemandState withPrice(double price, long priceAt) {
        return new OnDemandState(price, priceAt, spotOfferIds);
    }

    public OnDemandState withSpotOffer(String offerId) {
        TreeSet<String> ids = new TreeSet<>(spotOfferIds);
        ids.add(offerId);
        return new OnDemandState(usdPerHour, at, ids);
    }
}
