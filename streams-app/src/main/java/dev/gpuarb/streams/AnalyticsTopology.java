package dev.gpuarb.streams;

import dev.gpuarb.avro.RegionalSpread;
import dev.gpuarb.avro.SpotBid;
import dev.gpuarb.avro.TimeOfDayProfile;
import dev.gpuarb.streams.alerts.ArbitrageDetector;
import dev.gpuarb.streams.alerts.ArbitrageStage;
import dev.gpuarb.streams.bids.BidCalculator;
import dev.gpuarb.streams.bids.BidStateSerdes;
import dev.gpuarb.streams.bids.BidStores;
import dev.gpuarb.streams.bids.SpotBidProcessor;
import dev.gpuarb.streams.common.LatestByKey;
import dev.gpuarb.streams.effect.Closed;
import dev.gpuarb.streams.effect.EffectStores;
import dev.gpuarb.streams.effect.EffectWindows;
import dev.gpuarb.streams.effect.OfferTimelineSerde;
import dev.gpuarb.streams.effect.PaneTotalsSerde;
import dev.gpuarb.streams.effect.PriceEvent;
import dev.gpuarb.streams.effect.PriceEventSerde;
import dev.gpuarb.streams.effect.PricesInEffectProcessor;
import dev.gpuarb.streams.history.HistoryStage;
import dev.gpuarb.streams.profiles.DayTotalsSerde;
import dev.gpuarb.streams.validate.ValidatedPrices;
import dev.gpuarb.topics.Topic;
import java.time.Clock;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

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
        ValidatedPrices prices = ValidatedPrices.read(builder, config, serdes, clock, false);
        // One repartition per price, by GPU or token model: every stage after it works within a product.
        KStream<String, PriceEvent> byProduct = prices.gpu().mapValues(PriceEvent::of, Named.as("gpu-price-events"))
                .merge(prices.tokens().mapValues(PriceEvent::of, Named.as("token-price-events")), Named.as("price-events"))
                .selectKey((k, e) -> e.partitionKey(), Named.as("key-by-product"))
                .repartition(Repartitioned.with(key, new PriceEventSerde()).withName("price-events-by-product"));
        spreadsAndProfiles(byProduct);
        KStream<String, PriceEvent> listed = byProduct.filterNot((k, e) -> e.withdrawn(), Named.as("listed-by-product"));
        spotBids(listed);
        // The alerts' state is keyed by product and pricing model: a new key on the same partition, no
        // repartition. Withdrawals go in too: a withdrawn offer stops being its region's cheapest.
        arbitrageAlerts(byProduct.selectKey((k, e) -> e.productKey(), Named.as("key-by-product-and-pricing-model")));
        HistoryStage.routeTrails(builder, key, serdes.routeUpdate(), config.historyLimits());
        return builder.build();
    }

    private void spreadsAndProfiles(KStream<String, PriceEvent> byProduct) {
        EffectWindows windows = EffectWindows.of(config.spreadsWindowSize(), config.spreadsWindowAdvance(), config.grace(),
                config.profilesHorizon());
        ProcessorSupplier<String, PriceEvent, String, Closed> stage = new ProcessorSupplier<>() {
            @Override
            public Processor<String, PriceEvent, String, Closed> get() {
                return new PricesInEffectProcessor(windows);
            }

            @Override
            public Set<StoreBuilder<?>> stores() {
                return Set.of(
                        store(EffectStores.TIMELINES, new OfferTimelineSerde()),
                        store(EffectStores.PANES, new PaneTotalsSerde()),
                        store(EffectStores.DAYS, new DayTotalsSerde()),
                        store(EffectStores.CLOCK, Serdes.Long()));
            }
        };
        Map<String, KStream<String, Closed>> closed = byProduct.process(stage, Named.as("prices-in-effect"))
                .split(Named.as("closed-"))
                .branch((k, c) -> c instanceof Closed.Spread, Branched.as("spreads"))
                .defaultBranch(Branched.as("profiles"));
        KStream<String, RegionalSpread> spreads = closed.get("closed-spreads")
                .mapValues(c -> ((Closed.Spread) c).value(), Named.as("spreads-to-record"));
        LatestByKey.remember(HistoryStage.spreadHistory(spreads, key, config.historyLimits()), SPREADS_LATEST_STORE, key,
                        serdes.regionalSpread())
                .to(Topic.REGIONAL_SPREADS.topicName(), Produced.with(key, serdes.regionalSpread()).withName("spreads-sink"));
        // Profiles are keyed by region too: the store that serves them must be partitioned by that key.
        // Profiles are few (one per product and region a day), so this hop costs nothing per price.
        KStream<String, TimeOfDayProfile> profiles = closed.get("closed-profiles")
                .mapValues(c -> ((Closed.Profile) c).value(), Named.as("profiles-to-record"))
                .repartition(Repartitioned.with(key, serdes.timeOfDayProfile()).withName("profiles-by-region"));
        LatestByKey.remember(profiles, PROFILES_LATEST_STORE, key, serdes.timeOfDayProfile())
                .to(Topic.TIME_OF_DAY_PROFILES.topicName(), Produced.with(key, serdes.timeOfDayProfile()).withName("profiles-sink"));
    }

    private void spotBids(KStream<String, PriceEvent> listed) {
        BidCalculator calculator = new BidCalculator(config.bidsHorizon().toMillis(), config.bidsPercentile(),
                config.bidsMarginPct(), config.bidsOnDemandProximityPct());
        ProcessorSupplier<String, PriceEvent, String, SpotBid> bids = new ProcessorSupplier<>() {
            @Override
            public Processor<String, PriceEvent, String, SpotBid> get() {
                return new SpotBidProcessor(calculator);
            }

            @Override
            public Set<StoreBuilder<?>> stores() {
                return Set.of(
                        store(BidStores.ON_DEMAND, new BidStateSerdes.OnDemand()),
                        store(BidStores.SPOT_HISTORY, new BidStateSerdes.History()),
                        store(BidStores.LATEST, serdes.spotBid()));
            }
        };
        listed.filter((k, e) -> e.isSpotOrOnDemandGpu(), Named.as("spot-and-on-demand"))
                .process(bids, Named.as("spot-bids"))
                .to(Topic.SPOT_BIDS.topicName(), Produced.with(key, serdes.spotBid()).withName("spot-bids-sink"));
    }

    private void arbitrageAlerts(KStream<String, PriceEvent> byProduct) {
        ArbitrageDetector detector = new ArbitrageDetector(config.alertsThresholdPct(), config.alertsThrottle().toMillis());
        ArbitrageStage.alerts(byProduct, detector, key)
                .to(Topic.ARBITRAGE_ALERTS.topicName(), Produced.with(key, serdes.arbitrageAlert()).withName("alerts-sink"));
    }

    private <V> StoreBuilder<KeyValueStore<String, V>> store(String name, Serde<V> valueSerde) {
        return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(name), key, valueSerde).withCachingEnabled();
    }
}
