package dev.gpuarb.streams.alerts;

/** Names of the stage-7 stores; see streams-app/README.md, "Arbitrage alerts (stage 7)". */
public final class AlertStores {

    /** kind|gpuModel|pricingModel|offerId → the offer's latest PricePoint: the event-time check and its region. */
    public static final String OFFERS = "alerts-offers";
    /** kind|gpuModel|pricingModel|region|offerId → PricePoint; a prefix scan yields one region's offers. */
    public static final String REGION_OFFERS = "alerts-region-offers";
    /** kind|gpuModel|pricingModel → RegionBoard: cheapest offer per region, last alert per region pair. */
    public static final String BOARDS = "alerts-boards";
    /** The store of earlier versions (one AlertState per model); read once per key, migrated, then deleted. */
    public static final String LEGACY_STATE = "alerts-state";

    private AlertStores() {}
}
