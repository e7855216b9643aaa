package dev.gpuarb.streams.alerts;

import dev.gpuarb.avro.ArbitrageAlert;
import dev.gpuarb.streams.effect.PriceEvent;
import dev.gpuarb.streams.stage.StageContext;
import dev.gpuarb.topics.Topic;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/** Stage 7 wiring: GPU prices and withdrawals keyed by product key in, arbitrage alerts out. */
public final class ArbitrageStage {

    private ArbitrageStage() {}

    /** Alerts from the configured threshold and throttle, to arbitrage.alerts. */
    public static void apply(StageContext stage, KStream<String, PriceEvent> byProduct) {
        ArbitrageDetector detector = new ArbitrageDetector(
                stage.config().alertsThresholdPct(),
                stage.config().alertsThrottle().toMillis());
        alerts(byProduct, detector, stage.key())
                .to(
                        Topic.ARBITRAGE_ALERTS.topicName(),
                        Produced.with(stage.key(), stage.serdes().arbitrageAlert())
                                .withName("alerts-sink"));
    }

    /** The stage's nodes and stores with a given detector, its output left to the caller (tests drive it alone). */
    public static KStream<String, ArbitrageAlert> alerts(
            KStream<String, PriceEvent> byProduct, ArbitrageDetector detector, Serde<String> key) {
        ProcessorSupplier<String, PriceEvent, String, ArbitrageAlert> alerts = StageContext.withStores(
                () -> new ArbitrageProcessor(detector),
                store(AlertStores.OFFERS, key, new AlertStateSerdes.Point()),
                store(AlertStores.REGION_OFFERS, key, new AlertStateSerdes.Point()),
                store(AlertStores.BOARDS, key, new AlertStateSerdes.Board()),
                store(AlertStores.LEGACY_STATE, key, new AlertStateSerdes.Legacy()));
        return byProduct
                .filter((k, p) -> p.isGpu(), Named.as("gpu-points-by-product"))
                .process(alerts, Named.as("arbitrage"));
    }

    /** Cached: a model's board and its busy offers are rewritten by many prices between two commits. */
    private static <V> StoreBuilder<?> store(String name, Serde<String> key, Serde<V> valueSerde) {
        return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(name), key, valueSerde)
                .withCachingEnabled();
    }
}
