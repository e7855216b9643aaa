package dev.gpuarb.streams.bids;

/** State stores of the spot-bid stage. */
public final class BidStores {

    /** provider|region|instanceType -> OnDemandState. */
    public static final String ON_DEMAND = "bids-on-demand";
    /** spot offerId -> SpotHistory. */
    public static final String SPOT_HISTORY = "bids-spot-history";
    /** spot offerId -> latest SpotBid (for queries). */
    public static final String LATEST = "bids-latest";

    private BidStores() {}
}
