package dev.gpuarb.streams;

import dev.gpuarb.avro.GpuPriceObservation;
import dev.gpuarb.avro.PricingModel;
import dev.gpuarb.avro.RegionalSpread;
import dev.gpuarb.avro.SpotBid;
import dev.gpuarb.avro.TimeOfDayProfile;
import dev.gpuarb.streams.alerts.ArbitrageDetector;
import dev.gpuarb.streams.alerts.ArbitrageStage;
import dev.gpuarb.streams.bids.BidCalculator;
import dev.gpuarb.streams.bids.BidStores;
import dev.gpuarb.streams.bids.OnDemandState;
import dev.gpuarb.streams.bids.SpotBidProcessor;
import dev.gpuarb.streams.bids.SpotHistory;
import dev.gpuarb.streams.common.JsonSerde;
import dev.gpuarb.streams.common.LatestByKey;
import dev.gpuarb.streams.common.PricePoint;
import dev.gpuarb.streams.history.HistoryStage;
import dev.gpuarb.streams.profiles.HourOfDayAccumulator;
import dev.gpuarb.streams.profiles.ProfileCalculator;
import dev.gpuarb.streams.spreads.SpreadAccumulator;
import dev.gpuarb.streams.spreads.SpreadStateSerde;
import dev.gpuarb.streams.spreads.SpreadCalculator;
import dev.gpuarb.streams.time.TrailingDailyWindows;
import dev.gpuarb.streams.validate.ValidatedPrices;
import dev.gpuarb.topics.Topic;
import java.time.Clock;
import java.util.Set;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.kstream.Suppressed;
import org.apache.kafka.streams.kstream.TimeWindows;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.WindowStore;

/**
 * The analytics application's topology: regional spreads, time-of-day profiles, spot bids and
 * arbitrage alerts, from the same validated prices as routing (rejects are routing's to report), and
 * the recent history the live page charts (route trails from routing's updates, spread history).
 * Throughput-oriented: a long commit interval and cached stores; see README.
 */
public final class AnalyticsTopology {

    /** kind|product|pricingModel -> the last RegionalSpread emitted. */
    public static final String SPREADS_LATEST_STORE = "spreads-latest";
    /** product|pricingModel|region -> the last TimeOfDayProfile emitted. */
    public static final String PROFILES_LATEST_STORE = "profiles-latest";

    private final AppConfig config;
    private final AppSerdes serdes;
    private final Serde<String> key;
    private final Clock clock;

    private AnalyticsTopology(AppConfig config, AppSerdes serdes, Clock clock) {
        this.config = config;
        this.serdes = serdes;
        this.key = serdes.key();
        this.clock = clock;
    }

    public static Topology build(AppConfig config, AppSerdes serdes, Clock clock) {
        return new AnalyticsTopology(config, serdes, clock).build();
    }

    private Topology build() {
        StreamsBuilder builder = new StreamsBuilder();
        // Spreads, profiles, bids and alerts average price observations; a withdrawal is none (yet: prices
        // in effect will end an offer's time in its windows there).
        ValidatedPrices prices = ValidatedPrices.read(builder, config, serdes, clock, false).withoutWithdrawals();
        KStream<String, PricePoint> points = prices.gpu().mapValues(PricePoint::of, Named.as("gpu-price-points"))
                .merge(prices.tokens().mapValues(PricePoint::of, Named.as("token-price-points")), Named.as("price-points"));
        KStream<String, PricePoint> byProduct = points
                .selectKey((k, p) -> p.productKey(), Named.as("key-by-product"))
                .repartition(Repartitioned.with(key, JsonSerde.of(PricePoint.class)).withName("prices-by-product"));
        regionalSpreads(byProduct);
        timeOfDayProfiles(points);
        spotBids(prices.gpu());
        arbitrageAlerts(byProduct);
        HistoryStage.routeTrails(builder, key, serdes.routeUpdate(), config.historyLimits());
        return builder.build();
    }

    private void regionalSpreads(KStream<String, PricePoint> byProduct) {
        TimeWindows windows = TimeWindows.ofSizeAndGrace(config.spreadsWindowSize(), config.grace())
                .advanceBy(config.spreadsWindowAdvance());
        KStream<String, RegionalSpread> spreads = byProduct
                .groupByKey(Grouped.with(key, JsonSerde.of(PricePoint.class)))
                .windowedBy(windows)
                .aggregate(SpreadAccumulator::empty, (k, p, acc) -> acc.add(p), Named.as("spreads-aggregate"),
                        Materialized.<String, SpreadAccumulator, WindowStore<Bytes, byte[]>>as("spreads-windows")
                                .withKeySerde(key).withValueSerde(new SpreadStateSerde()))
                .suppress(Suppressed.untilWindowCloses(Suppressed.BufferConfig.unbounded()).withName("spreads-until-close"))
                .toStream(Named.as("spreads-closed"))
                .map((w, acc) -> KeyValue.pair(w.key(), SpreadCalculator.toSpread(acc, w.window().start(), w.window().end())),
                        Named.as("spreads-to-record"));
        LatestByKey.remember(HistoryStage.spreadHistory(spreads, key, config.historyLimits()), SPREADS_LATEST_STORE, key,
                        serdes.regionalSpread())
                .to(Topic.REGIONAL_SPREADS.topicName(), Produced.with(key, serdes.regionalSpread()).withName("spreads-sink"));
    }

    private void timeOfDayProfiles(KStream<String, PricePoint> points) {
        KStream<String, TimeOfDayProfile> profiles = points
                .selectKey((k, p) -> p.profileKey(), Named.as("key-by-product-region"))
                .repartition(Repartitioned.with(key, JsonSerde.of(PricePoint.class)).withName("prices-by-product-region"))
                .groupByKey(Grouped.with(key, JsonSerde.of(PricePoint.class)))
                .windowedBy(TrailingDailyWindows.of(config.profilesHorizon(), config.grace()))
                .aggregate(HourOfDayAccumulator::empty, (k, p, acc) -> acc.add(p), Named.as("profiles-aggregate"),
                        Materialized.<String, HourOfDayAccumulator, WindowStore<Bytes, byte[]>>as("profiles-windows")
                                .withKeySerde(key).withValueSerde(JsonSerde.of(HourOfDayAccumulator.class)))
                .suppress(Suppressed.untilWindowCloses(Suppressed.BufferConfig.unbounded()).withName("profiles-until-close"))
                .toStream(Named.as("profiles-closed"))
                .map((w, acc) -> KeyValue.pair(w.key(), ProfileCalculator.toProfile(acc, w.window().start(), w.window().end())),
                        Named.as("profiles-to-record"));
        LatestByKey.remember(profiles, PROFILES_LATEST_STORE, key, serdes.timeOfDayProfile())
                .to(Topic.TIME_OF_DAY_PROFILES.topicName(), Produced.with(key, serdes.timeOfDayProfile()).withName("profiles-sink"));
    }

    private void spotBids(KStream<String, GpuPriceObservation> gpu) {
        BidCalculator calculator = new BidCalculator(config.bidsHorizon().toMillis(), config.bidsPercentile(),
                config.bidsMarginPct(), config.bidsOnDemandProximityPct());
        ProcessorSupplier<String, GpuPriceObservation, String, SpotBid> bids = new ProcessorSupplier<>() {
            @Override
            public Processor<String, GpuPriceObservation, String, SpotBid> get() {
                return new SpotBidProcessor(calculator);
            }

            @Override
            public Set<StoreBuilder<?>> stores() {
                return Set.of(
                        store(BidStores.ON_DEMAND, JsonSerde.of(OnDemandState.class)),
                        store(BidStores.SPOT_HISTORY, JsonSerde.of(SpotHistory.class)),
                        store(BidStores.LATEST, serdes.spotBid()));
            }
        };
        gpu.filter((k, o) -> o.getPricingModel() == PricingModel.SPOT || o.getPricingModel() == PricingModel.ON_DEMAND,
                        Named.as("spot-and-on-demand"))
                .selectKey((k, o) -> SpotBidProcessor.instanceKey(o), Named.as("key-by-instance"))
                .repartition(Repartitioned.with(key, serdes.gpuPrice()).withName("prices-by-instance"))
                .process(bids, Named.as("spot-bids"))
                .to(Topic.SPOT_BIDS.topicName(), Produced.with(key, serdes.spotBid()).withName("spot-bids-sink"));
    }

    private void arbitrageAlerts(KStream<String, PricePoint> byProduct) {
        ArbitrageDetector detector = new ArbitrageDetector(config.alertsThresholdPct(), config.alertsThrottle().toMillis());
        ArbitrageStage.alerts(byProduct, detector, key)
                .to(Topic.ARBITRAGE_ALERTS.topicName(), Produced.with(key, serdes.arbitrageAlert()).withName("alerts-sink"));
    }

    private <V> StoreBuilder<KeyValueStore<String, V>> store(String name, Serde<V> valueSerde) {
        return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(name), key, valueSerde);
    }
}
