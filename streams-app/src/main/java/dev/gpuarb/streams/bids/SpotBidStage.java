package dev.gpuarb.streams.bids;

import dev.gpuarb.avro.SpotBid;
import dev.gpuarb.streams.config.AppConfig;
import dev.gpuarb.streams.effect.PriceEvent;
import dev.gpuarb.streams.stage.StageContext;
import dev.gpuarb.topics.Topic;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;

/**
 * Stage 6: spot bids (spot.bids) from each instance's spot prices over the trailing horizon and its
 * on-demand price, read from the prices and withdrawals keyed by product.
 */
public final class SpotBidStage {

    private SpotBidStage() {}

    public static void apply(StageContext stage, KStream<String, PriceEvent> events) {
        AppConfig config = stage.config();
        BidCalculator calculator = new BidCalculator(
                config.bidsHorizon().toMillis(),
                config.bidsPercentile(),
                config.bidsMarginPct(),
                config.bidsOnDemandProximityPct());
        ProcessorSupplier<String, PriceEvent, String, SpotBid> bids = StageContext.withStores(
                () -> new SpotBidProcessor(calculator),
                stage.cachedStore(BidStores.ON_DEMAND, new BidStateSerdes.OnDemand()),
                stage.cachedStore(BidStores.SPOT_HISTORY, new BidStateSerdes.History()),
                stage.cachedStore(BidStores.LATEST, stage.serdes().spotBid()));
        events.filter((k, e) -> e.isSpotOrOnDemandGpu(), Named.as("spot-and-on-demand"))
                .process(bids, Named.as("spot-bids"))
                .to(
                        Topic.SPOT_BIDS.topicName(),
                        Produced.with(stage.key(), stage.serdes().spotBid()).withName("spot-bids-sink"));
    }
}
