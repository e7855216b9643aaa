package dev.gpuarb.streams;

import dev.gpuarb.streams.alerts.ArbitrageStage;
import dev.gpuarb.streams.bids.SpotBidStage;
import dev.gpuarb.streams.config.AppConfig;
import dev.gpuarb.streams.effect.PriceEvent;
import dev.gpuarb.streams.effect.PriceEventSerde;
import dev.gpuarb.streams.effect.PricesInEffectStage;
import dev.gpuarb.streams.history.HistoryStage;
import dev.gpuarb.streams.stage.AppSerdes;
import dev.gpuarb.streams.stage.StageContext;
import dev.gpuarb.streams.validate.ValidatedPrices;
import java.time.Clock;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Repartitioned;

/**
 * The analytics application's topology, stage by stage: regional spreads, time-of-day profiles, spot
 * bids and arbitrage alerts, from the same validated prices as routing (rejects are routing's to
 * report), and the recent history the live page charts (route trails from routing's updates, spread
 * history). Throughput-oriented: a long commit interval and cached stores; see README.
 */
public final class AnalyticsTopology {

    private AnalyticsTopology() {}

    public static Topology build(AppConfig config, AppSerdes serdes, Clock clock) {
        StageContext stage = new StageContext(new StreamsBuilder(), config, serdes, clock);
        ValidatedPrices prices = ValidatedPrices.apply(stage, false); // stage 1
        // One repartition per price, by GPU or token model: every stage after it works within a product.
        KStream<String, PriceEvent> byProduct = prices.gpu()
                .mapValues(PriceEvent::of, Named.as("gpu-price-events"))
                .merge(
                        prices.tokens().mapValues(PriceEvent::of, Named.as("token-price-events")),
                        Named.as("price-events"))
                .selectKey((k, e) -> e.partitionKey(), Named.as("key-by-product"))
                .repartition(
                        Repartitioned.with(stage.key(), new PriceEventSerde()).withName("price-events-by-product"));
        PricesInEffectStage.apply(stage, byProduct); // stages 2, 3
        SpotBidStage.apply(stage, byProduct); // stage 6: withdrawals end spot and on-demand prices there too
        // The alerts' state is keyed by product and pricing model: a new key on the same partition, no
        // repartition. Withdrawals go in too: a withdrawn offer stops being its region's cheapest.
        ArbitrageStage.apply(
                stage, // stage 7
                byProduct.selectKey((k, e) -> e.productKey(), Named.as("key-by-product-and-pricing-model")));
        HistoryStage.apply(stage);
        return stage.builder().build();
    }
}
