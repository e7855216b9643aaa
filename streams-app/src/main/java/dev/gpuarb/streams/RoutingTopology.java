package dev.gpuarb.streams;

import dev.gpuarb.avro.EndpointLatencySummary;
import dev.gpuarb.avro.GpuPriceObservation;
import dev.gpuarb.avro.RoutePolicy;
import dev.gpuarb.avro.RouteUpdate;
import dev.gpuarb.avro.TokenPriceObservation;
import dev.gpuarb.streams.latency.LatencyAccumulator;
import dev.gpuarb.streams.latency.LatencyAccumulatorSerde;
import dev.gpuarb.streams.latency.LatencySummaries;
import dev.gpuarb.streams.margins.MarginStage;
import dev.gpuarb.streams.routing.LivenessRules;
import dev.gpuarb.streams.routing.OfferSnapshot;
import dev.gpuarb.streams.routing.OfferHomeProcessor;
import dev.gpuarb.streams.routing.RouteCommand;
import dev.gpuarb.streams.routing.RouteCommandSerde;
import dev.gpuarb.streams.routing.RouteHomeProcessor;
import dev.gpuarb.streams.routing.RoutePartitioners;
import dev.gpuarb.streams.routing.RoutedOffer;
import dev.gpuarb.streams.routing.RoutedOfferSerde;
import dev.gpuarb.streams.routing.RouteEngineProcessor;
import dev.gpuarb.streams.routing.RouteInput;
import dev.gpuarb.streams.routing.RouteSelector;
import dev.gpuarb.streams.routing.SelfHosting;
import dev.gpuarb.streams.routing.RouteStores;
import dev.gpuarb.streams.validate.ValidatedPrices;
import dev.gpuarb.streams.validate.PolicyValidator;
import dev.gpuarb.streams.validate.ValidateStage;
import dev.gpuarb.topics.Topic;
import java.time.Clock;
import java.util.HashSet;
import java.util.Set;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
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
 * The routing application's topology: validation (the only writer of prices.rejected), the latest
 * price per offer, endpoint latency summaries, the route engine and task margins. Nothing here waits
 * for analytics. Kept apart from {@code main} so tests drive exactly the production topology.
 */
public final class RoutingTopology {

    /** offerId -> latest GpuPriceObservation by event time (compacted changelog). */
    public static final String OFFERS_GPU_STORE = "offers-gpu-latest";
    /** offerId -> latest TokenPriceObservation by event time. */
    public static final String OFFERS_TOKENS_STORE = "offers-tokens-latest";
    /** offerId -> the offer's home (see RouteHomes), where GPU prices arrive. */
    static final String GPU_OFFER_HOMES_STORE = "route-offer-homes-gpu";
    /** offerId -> the offer's home, where token prices arrive. */
    static final String TOKEN_OFFER_HOMES_STORE = "route-offer-homes-tokens";

    private final AppConfig config;
    private final AppSerdes serdes;
    private final Serde<String> key;
    /** The wall clock, for the one wall-clock rule of validation: no event time far in the future. */
    private final Clock clock;

    private RoutingTopology(AppConfig config, AppSerdes serdes, Clock clock) {
        this.config = config;
        this.serdes = serdes;
        this.key = serdes.key();
        this.clock = clock;
    }

    public static Topology build(AppConfig config, AppSerdes serdes, Clock clock) {
        return new RoutingTopology(config, serdes, clock).build();
    }

    private Topology build() {
        StreamsBuilder builder = new StreamsBuilder();
        ValidatedPrices prices = ValidatedPrices.read(builder, config, serdes, clock, true);
        latestGpuOffers(prices.gpu());
        latestTokenOffers(prices.tokens());
        KStream<String, EndpointLatencySummary> latency = endpointLatency(builder);
        KStream<String, RouteUpdate> routes = routeEngine(builder, prices.gpu(), prices.tokens(), latency);
        MarginStage.apply(builder, routes, config, key);
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
                                .withKeySerde(key).withValueSerde(new LatencyAccumulatorSerde()))
                .suppress(Suppressed.untilWindowCloses(Suppressed.BufferConfig.unbounded()).withName("latency-until-close"))
                .toStream(Named.as("latency-closed"))
                .map((w, acc) -> KeyValue.pair(w.key(), LatencySummaries.toSummary(w.key(), acc, w.window().start(), w.window().end())),
                        Named.as("latency-to-record"));
        summaries.to(Topic.LATENCY_SUMMARIES.topicName(), Produced.with(key, serdes.latencySummary()).withName("latency-sink"));
        return summaries;
    }

    private KStream<String, RouteUpdate> routeEngine(StreamsBuilder builder, KStream<String, GpuPriceObservation> gpu,
                             KStream<String, TokenPriceObservation> tokens, KStream<String, EndpointLatencySummary> latency) {
        // Route state is partitioned by product (RouteHomes): one hop takes each input to the partitions
        // that need it, where routes meet every offer they can choose.
        int partitions = config.routingPartitions();
        builder.addStateStore(homeStore(GPU_OFFER_HOMES_STORE));
        builder.addStateStore(homeStore(TOKEN_OFFER_HOMES_STORE));
        builder.addStateStore(homeStore(RouteHomeProcessor.STORE));
        KStream<String, RoutedOffer> gpuOffers = gpu.mapValues(OfferSnapshot::of, Named.as("gpu-offer-snapshots"))
                .processValues(() -> new OfferHomeProcessor(GPU_OFFER_HOMES_STORE), Named.as("gpu-offer-homes"),
                        GPU_OFFER_HOMES_STORE);
        KStream<String, RoutedOffer> tokenOffers = tokens.mapValues(OfferSnapshot::of, Named.as("token-offer-snapshots"))
                .processValues(() -> new OfferHomeProcessor(TOKEN_OFFER_HOMES_STORE), Named.as("token-offer-homes"),
                        TOKEN_OFFER_HOMES_STORE);
        KStream<String, RouteInput> offers = gpuOffers.merge(tokenOffers, Named.as("offer-snapshots"))
                .repartition(Repartitioned.with(key, new RoutedOfferSerde()).withName("route-offers")
                        .withNumberOfPartitions(partitions).withStreamPartitioner(RoutePartitioners.offers()))
                .mapValues(o -> (RouteInput) new RouteInput.OfferChanged(o.offer()), Named.as("route-offer-input"));
        KStream<String, RouteInput> latencies = latency
                .repartition(Repartitioned.with(key, serdes.latencySummary()).withName("route-latency")
                        .withNumberOfPartitions(partitions).withStreamPartitioner(RoutePartitioners.latency()))
                .mapValues(s -> (RouteInput) new RouteInput.LatencyChanged(s), Named.as("route-latency-input"));
        // Policies are read, checked and addressed in the partitions they arrive in (keyed by route id).
        KStream<String, RoutePolicy> keyedPolicies = builder
                .stream(Topic.ROUTE_POLICIES.topicName(), Consumed.with(key, serdes.routePolicy()).withName("route-policies-source"))
                .filter((routeId, p) -> routeId != null, Named.as("keyed-policies"))
                .mapValues((routeId, p) -> withRouteId(p, routeId), Named.as("route-policy-id"));
        ValidateStage.Split<RoutePolicy> checkedPolicies = ValidateStage.split("policies", keyedPolicies,
                new PolicyValidator(clock, config.maxFutureSkew())::validate, key, serdes.rejected());
        KStream<String, RouteInput> policies = checkedPolicies.valid()
                .mapValues((routeId, p) -> (RouteInput) new RouteInput.PolicyChanged(routeId, p), Named.as("route-policy-input"))
                .merge(checkedPolicies.rejected().mapValues((routeId, r) -> (RouteInput) new RouteInput.PolicyRefused(routeId,
                        r.getDetail()), Named.as("route-policy-refused")), Named.as("route-policy-inputs"))
                .process(RouteHomeProcessor::new, Named.as("route-homes"), RouteHomeProcessor.STORE)
                .repartition(Repartitioned.with(key, new RouteCommandSerde(serdes.routePolicy())).withName("route-policies-by-home")
                        .withNumberOfPartitions(partitions).withStreamPartitioner(RoutePartitioners.commands()))
                .mapValues(RouteCommand::input, Named.as("route-command-input"));

        int maxAlternatives = config.routesMaxAlternatives();
        LivenessRules liveness = config.routingLiveness();
        boolean commitOnDecision = config.routingCommitOnDecision();
        SelfHosting.use(config.throughputOverrides());
        ProcessorSupplier<String, RouteInput, String, RouteUpdate> engine = new ProcessorSupplier<>() {
            @Override
            public Processor<String, RouteInput, String, RouteUpdate> get() {
                return new RouteEngineProcessor(new RouteSelector(maxAlternatives), liveness, commitOnDecision);
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

    private StoreBuilder<KeyValueStore<String, String>> homeStore(String name) {
        return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(name), key, Serdes.String()).withCachingEnabled();
    }

    /** Cached: a route engine input writes several stores, and writes to one key coalesce until the commit. */
    private <V> StoreBuilder<KeyValueStore<String, V>> store(String name, Serde<V> valueSerde) {
        return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(name), key, valueSerde).withCachingEnabled();
    }
}
