package dev.gpuarb.streams.bids;

import dev.gpuarb.avro.PricingModel;
import dev.gpuarb.avro.SpotBid;
import dev.gpuarb.streams.common.Keys;
import dev.gpuarb.streams.effect.PriceEvent;
import dev.gpuarb.streams.state.DecodedValues;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * GPU spot and on-demand prices and withdrawals, partitioned by GPU model so that a spot offer and the
 * on-demand price of the same instance (provider|region|instanceType, the state's key) meet in one task.
 * A spot price updates that offer's bid; a spot withdrawal ends its last price (and its bids until it is
 * priced again); an on-demand price or withdrawal re-caps every spot offer of the instance type. A bid is
 * capped by the on-demand price in effect at the bid's time (neither withdrawn nor past its validUntil).
 * Output is keyed by the spot offer id.
 */
public final class SpotBidProcessor implements Processor<String, PriceEvent, String, SpotBid> {

    /**
     * Spot histories kept decoded per task, the most recently priced offers': each is read and rewritten on
     * every price of its offer. At most 256 samples each (a few KB), so a few MB per task at most.
     */
    static final int HISTORIES_DECODED = 1024;

    private final BidCalculator calculator;
    private ProcessorContext<String, SpotBid> context;
    private KeyValueStore<String, OnDemandState> onDemand;
    private DecodedValues<SpotHistory> histories;
    private KeyValueStore<String, SpotBid> latest;

    public SpotBidProcessor(BidCalculator calculator) {
        this.calculator = calculator;
    }

    public static String instanceKey(PriceEvent e) {
        return Keys.join(e.provider(), e.region(), e.instance().instanceType());
    }

    @Override
    public void init(ProcessorContext<String, SpotBid> context) {
        this.context = context;
        this.onDemand = context.getStateStore(BidStores.ON_DEMAND);
        this.histories = new DecodedValues<>(context.getStateStore(BidStores.SPOT_HISTORY), HISTORIES_DECODED);
        this.latest = context.getStateStore(BidStores.LATEST);
    }

    @Override
    public void process(Record<String, PriceEvent> record) {
        PriceEvent o = record.value();
        String instance = instanceKey(o);
        OnDemandState state = onDemand.get(instance);
        if (state == null) {
            state = OnDemandState.empty();
        }
        long at = o.at();
        if (PricingModel.ON_DEMAND.name().equals(o.pricingModel())) {
            if (state.usdPerHour() == null ? o.withdrawn() : state.at() > at) {
                return; // older than the on-demand price (or withdrawal) we have, or a withdrawal of nothing known
            }
            state = o.withdrawn()
                    ? state.withdrawnAt(at)
                    : state.withPrice(o.instance().usdPerHour(), at, o.validUntil());
            onDemand.put(instance, state);
            for (String spotOfferId : state.spotOfferIds()) {
                SpotHistory history = histories.get(spotOfferId);
                if (history != null) {
                    emit(history, state, at);
                }
            }
        } else if (PricingModel.SPOT.name().equals(o.pricingModel())) {
            SpotHistory history = histories.get(o.offerId());
            if (o.withdrawn()) {
                if (history != null) {
                    histories.put(o.offerId(), history.withdrawnAt(at, calculator.horizonMs()));
                }
                return; // a withdrawn offer gets no bid
            }
            SpotHistory.Sample sample = new SpotHistory.Sample(at, o.instance().usdPerHour(), o.validUntil());
            history = (history == null ? SpotHistory.start(o) : history).with(sample, calculator.horizonMs());
            histories.put(o.offerId(), history);
            if (!state.spotOfferIds().contains(o.offerId())) {
                state = state.withSpotOffer(o.offerId());
                onDemand.put(instance, state);
            }
            emit(history, state, at);
        }
    }

    /** The offer's bid, unless its latest record is a withdrawal: a late price dated before that does not list it again. */
    private void emit(SpotHistory history, OnDemandState onDemandState, long at) {
        if (history.latest().isGap()) {
            return;
        }
        // A late sample must not move the distribution's end backwards.
        long now = Math.max(at, history.latest().at());
        SpotBid bid = calculator.recommend(history, onDemandState.priceAt(now), now);
        latest.put(history.offerId(), bid);
        context.forward(new Record<>(history.offerId(), bid, now));
    }
}
