package dev.gpuarb.streams.effect;

/** The stores of the prices-in-effect stage, all key-value, cached and changelogged. */
public final class EffectStores {

    /** kind|product|pricingModel|offerId -> {@link OfferTimeline}. */
    public static final String TIMELINES = "effect-timelines";
    /** kind|product|pricingModel|paneStart -> {@link PaneTotals} of the panes later windows still need. */
    public static final String PANES = "effect-panes";
    /** kind|product|pricingModel|region|dayStart -> {@code DayTotals} of the days later profiles still need. */
    public static final String DAYS = "effect-days";
    /** {@value #CLOSED_THROUGH} -> the end of the last closed pane (one per task). */
    public static final String CLOCK = "effect-clock";

    public static final String CLOSED_THROUGH = "closed-through";

    private EffectStores() {}
}
