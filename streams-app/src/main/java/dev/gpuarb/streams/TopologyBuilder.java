package dev.gpuarb.streams;

import dev.gpuarb.avro.EndpointLatencySummary;
import dev.gpuarb.avro.GpuPriceObservation;
import dev.gpuarb.avro.PricingModel;
import dev.gpuarb.avro.RegionalSpread;
import dev.gpuarb.avro.RoutePolicy;
import dev.gpuarb.avro.RouteUpdate;
import dev.gpuarb.avro.SpotBid;
import dev.gpuarb.avro.TimeOfDayProfile;
import dev.gpuarb.avro.TokenPriceObservation;
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
import dev.gpuarb.streams.latency.LatencyAccumulator;
import dev.gpuarb.streams.latency.LatencySummaries;
import dev.gpuarb.streams.margins.MarginStage;
import dev.gpuarb.streams.profiles.HourOfDayAccumulator;
import dev.gpuarb.streams.profiles.ProfileCalculator;
import dev.gpuarb.streams.routing.OfferSnapshot;
import dev.gpuarb.streams.routing.RouteEngineProcessor;
import dev.gpuarb.streams.routing.RouteInput;
import dev.gpuarb.streams.routing.RouteSelector;
import dev.gpuarb.streams.routing.RouteStores;
import dev.gpuarb.streams.spreads.SpreadAccumulator;
import dev.gpuarb.streams.spreads.SpreadStateSerde;
import dev.gpuarb.streams.spreads.SpreadCalculator;
import dev.gpuarb.streams.time.TrailingDailyWindows;
import dev.gpuarb.streams.validate.GpuPriceValidator;
import dev.gpuarb.streams.validate.Limits;
import dev.gpuarb.streams.validate.PolicyValidator;
import dev.gpuarb.streams.validate.TokenPriceValidator;
import dev.gpuarb.streams.validate.ValidateStage;
import dev.gpuarb.topics.Topic;
import java.time.Clock;
import java.util.HashSet;
import java.util.Set;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
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
 * Builds the whole application topology. Kept apart from {@code main} so tests drive exactly the
 * production topology. Each stage is one method; the stages share the validated price streams.
 */
public final class TopologyBuilder {

    /** offerId -> latest GpuPriceObservation by event time (compacted changelog). */
    public static final String OFFERS_GPU_STORE = "offers-gpu-latest";
    /** offerId -> latest TokenPriceObservation by event time. */
    public static final String OFFERS_TOKENS_STORE = "offers-tokens-latest";
    /** kind|product|pricingModel -> the last RegionalSpread emitted. */
    public static final String SPREADS_LATEST_STORE = "spreads-latest";
    /** product|pricingModel|region -> the last TimeOfDayProfile emitted. */
    public static final String PROFILES_LATEST_STORE = "profiles-latest";

    private final AppConfig config;
    private final AppSerdes serdes;
    private final Serde<String> key;
    /** The wall clock, for the one wall-clock rule of validation: no event time far in the future. */
    private final Clock clock;

    private TopologyBuilder(AppConfig config, AppSerdes serdes, Clock clock) {
        this.config = config;
        this.serdes = serdes;
        this.key = serdes.key();
        this.clock = clock;
    }

    public static Topology buildTopology(AppConfig config, AppSerdes serdes) {
        return buildTopology(config, serdes, Clock.systemUTC());
    }

    public static Topology buildTopology(AppConfig config, AppSerdes serdes, Clock clock) {
        return new TopologyBuilder(config, serdes, clock).build();
    }

    private Topology build() {
        StreamsBuilder builder = new StreamsBuilder();
        Limits limits = Limits.from(config);

        // 1. validate and normalise; latest price per offer
        KStream<String, GpuPriceObservation> gpu = ValidateStage.apply("gpu",
                builder.stream(Topic.GPU_PRICES.topicName(), Consumed.with(key, serdes.gpuPrice()).withName("gpu-prices")),
                new GpuPriceValidator(limits, clock)::validate, key, serdes.rejected());
        KStream<String, TokenPriceObservation> tokens = ValidateStage.apply("tokens",
                builder.stream(Topic.TOKEN_PRICES.topicName(), Consumed.with(key, serdes.tokenPrice()).withName("token-prices")),
                new TokenPriceValidator(limits, clock)::validate, key, serdes.rejected());
        latestGpuOffers(gpu);
        latestTokenOffers(tokens);

        KStream<String, PricePoint> points = gpu.mapValues(PricePoint::of, Named.as("gpu-price-points"))
                .merge(tokens.mapValues(PricePoint::of, Named.as("token-price-points")), Named.as("price-points"));
        KStream<String, PricePoint> byProduct = points
                .selectKey((k, p) -> p.productKey(), Named.as("key-by-product"))
                .repartition(Repartitioned.with(key, JsonSerde.of(PricePoint.class)).withName("prices-by-product"));

        regionalSpreads(byProduct);                                          // 2
        timeOfDayProfiles(points);                                           // 3
        KStream<String, EndpointLatencySummary> latency = endpointLatency(builder); // 4
        KStream<String, RouteUpdate> routes = routeEngine(builder, gpu, tokens, latency); // 5
        spotBids(gpu);                                                       // 6
        arbitrageAlerts(byProduct);                                          // 7
        MarginStage.apply(builder, routes, config, key);                     // 8
        return builder.build();
    }

    private void latestGpuOffers(KStream<String, GpuPriceObservation> gpu) {
        // reduce (not toTable) so an out-of-order older price never replaces a newer one
        gpu.groupByKey(Grouped.with(key, serdes.gpuPrice()))
                .reduce((current, next) -> next.getObservedAt().isBefore(current.getObservedAt()) ? current : next,
                        Named.as("latest-gpu-offer"),
                        Materialized.<String, GpuPriceObservation, KeyValueStore<Bytes, byte[]>>as(OFFERS_GPU_STORE)
                                .withKeySerde(key).withValueSerde(serdes.gpuPrice()));
    }

    private void latestTokenOffers(KStream<String, TokenPriceObservation> tokens) {
        tokens.groupByKey(Grouped.with(key, serdes.tokenPrice()))
                .reduce((current, next) -> next.getObservedAt().isBefore(current.getObservedAt()) ? current : next,
                        Named.as("latest-token-offer"),
                        Materialized.<String, TokenPriceObservation, KeyValueStore<Bytes, byte[]>>as(OFFERS_TOKENS_STORE)
                                .withKeySerde(key).withValueSerde(serdes.tokenPrice()));
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
        LatestByKey.remember(spreads, SPREADS_LATEST_STORE, key, serdes.regionalSpread())
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

    private KStream<String, EndpointLatencySummary> endpointLatency(StreamsBuilder builder) {
        double accuracy = config.latencySketchAccuracy();
        KStream<String, EndpointLatencySummary> summaries = builder
                .stream(Topic.ENDPOINT_OBSERVATIONS.topicName(),
                        Consumed.with(key, serdes.endpointObservation()).withName("endpoint-observations"))
                // A latency that is not a finite, non-negative number says nothing about the endpoint.
                .filter((k, o) -> o != null && k != null && Double.isFinite(o.getLatencyMs()) && o.getLatencyMs() >= 0,
                        Named.as("usable-observations"))
                .groupByKey(Grouped.with(key, serdes.endpointObservation()))
                .windowedBy(TimeWindows.ofSizeAndGrace(config.latencyWindow(), config.grace()))
                .aggregate(LatencyAccumulator::empty, (k, o, acc) -> acc.add(o, accuracy), Named.as("latency-aggregate"),
                        Materialized.<String, LatencyAccumulator, WindowStore<Bytes, byte[]>>as("latency-windows")
                                .withKeySerde(key).withValueSerde(JsonSerde.of(LatencyAccumulator.class)))
                .suppress(Suppressed.untilWindowCloses(Suppressed.BufferConfig.unbounded()).withName("latency-until-close"))
                .toStream(Named.as("latency-closed"))
                .map((w, acc) -> KeyValue.pair(w.key(), LatencySummaries.toSummary(w.key(), acc, w.window().start(), w.window().end())),
                        Named.as("latency-to-record"));
        summaries.to(Topic.LATENCY_SUMMARIES.topicName(), Produced.with(key, serdes.latencySummary()).withName("latency-sink"));
        return summaries;
    }

    private KStream<String, RouteUpdate> routeEngine(StreamsBuilder builder, KStream<String, GpuPriceObservation> gpu,
                             KStream<String, TokenPriceObservation> tokens, KStream<String, EndpointLatencySummary> latency) {
        // Every route may use any offer, so all route inputs meet in one partition (see README: scaling).
        KStream<String, RouteInput> offers = gpu.mapValues(OfferSnapshot::of, Named.as("gpu-offer-snapshots"))
                .merge(tokens.mapValues(OfferSnapshot::of, Named.as("token-offer-snapshots")), Named.as("offer-snapshots"))
                .repartition(Repartitioned.with(key, JsonSerde.of(OfferSnapshot.class)).withName("route-offers").withNumberOfPartitions(1))
                .mapValues(o -> (RouteInput) new RouteInput.OfferChanged(o), Named.as("route-offer-input"));
        KStream<String, RouteInput> latencies = latency
                .repartition(Repartitioned.with(key, serdes.latencySummary()).withName("route-latency").withNumberOfPartitions(1))
                .mapValues(s -> (RouteInput) new RouteInput.LatencyChanged(s), Named.as("route-latency-input"));
        KStream<String, RoutePolicy> keyedPolicies = builder
                .stream(Topic.ROUTE_POLICIES.topicName(), Consumed.with(key, serdes.routePolicy()).withName("route-policies-source"))
                .filter((routeId, p) -> routeId != null, Named.as("keyed-policies"))
                .repartition(Repartitioned.with(key, serdes.routePolicy()).withName("route-policies-in").withNumberOfPartitions(1))
                .mapValues((routeId, p) -> withRouteId(p, routeId), Named.as("route-policy-id"));
        // Checked after the hop, in the engine's partition, so a refusal keeps its place among the route's policies.
        ValidateStage.Split<RoutePolicy> checkedPolicies = ValidateStage.split("policies", keyedPolicies,
                new PolicyValidator(clock, config.maxFutureSkew())::validate, key, serdes.rejected());
        KStream<String, RouteInput> policies = checkedPolicies.valid()
                .mapValues((routeId, p) -> (RouteInput) new RouteInput.PolicyChanged(routeId, p), Named.as("route-policy-input"))
                .merge(checkedPolicies.rejected().mapValues((routeId, r) -> (RouteInput) new RouteInput.PolicyRefused(routeId,
                        r.getDetail()), Named.as("route-policy-refused")), Named.as("route-policy-inputs"));

        int maxAlternatives = config.routesMaxAlternatives();
        ProcessorSupplier<String, RouteInput, String, RouteUpdate> engine = new ProcessorSupplier<>() {
            @Override
            public Processor<String, RouteInput, String, RouteUpdate> get() {
                return new RouteEngineProcessor(new RouteSelector(maxAlternatives));
            }

            @Override
            public Set<StoreBuilder<?>> stores() {
                Set<StoreBuilder<?>> stores = new HashSet<>();
                RouteStores.valueSerdes(serdes.routePolicy(), serdes.routeUpdate()).forEach((name, values) -> stores.add(store(name, values)));
                return stores;
            }
        };
        KStream<String, RouteUpdate> updates = offers.merge(latencies, Named.as("route-inputs-1"))
                .merge(policies, Named.as("route-inputs"))
                .process(engine, Named.as("route-engine"));
        updates.to(Topic.ROUTE_UPDATES.topicName(), Produced.with(key, serdes.routeUpdate()).withName("route-updates-sink"));
        return updates;
    }

    /** The record key is the route id; a policy body that says otherwise is corrected, not trusted. */
    private static RoutePolicy withRouteId(RoutePolicy policy, String routeId) {
        if (policy == null || routeId.equals(policy.getRouteId())) {
            return policy;
        }
        return RoutePolicy.newBuilder(policy).setRouteId(routeId).build();
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
