package dev.gpuarb.streams.routing;

import dev.gpuarb.avro.EndpointLatencySummary;
import dev.gpuarb.avro.RoutePolicy;
import dev.gpuarb.avro.RouteUpdate;
import dev.gpuarb.streams.config.AppConfig;
import dev.gpuarb.streams.stage.StageContext;
import dev.gpuarb.streams.validate.PolicyValidator;
import dev.gpuarb.streams.validate.ValidateStage;
import dev.gpuarb.topics.Topic;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.state.StoreBuilder;

/**
 * Stage 5: offers, latency summaries and route policies to route updates (routes.updates). Route state
 * is partitioned by product ({@link RouteHomes}): one hop takes each input to the partitions that need
 * it (offers arrive addressed by {@link LatestOffersStage}), where routes meet every offer they can choose; the engine itself is {@link RouteEngineProcessor}.
 */
public final class RouteEngineStage {

    private RouteEngineStage() {}

    /**
     * @param offers the offers whose latest price changed ({@link LatestOffersStage}), addressed to their homes
     */
    public static KStream<String, RouteUpdate> apply(
            StageContext stage, KStream<String, RoutedOffer> offers, KStream<String, EndpointLatencySummary> latency) {
        AppConfig config = stage.config();
        int partitions = config.routingPartitions();
        stage.builder().addStateStore(stage.cachedStore(RouteHomeProcessor.STORE, Serdes.String()));
        KStream<String, RouteInput> offerInputs = offers.repartition(
                        Repartitioned.with(stage.key(), new RoutedOfferSerde())
                                .withName("route-offers")
                                .withNumberOfPartitions(partitions)
                                .withStreamPartitioner(RoutePartitioners.offers()))
                .mapValues(o -> (RouteInput) new RouteInput.OfferChanged(o.offer()), Named.as("route-offer-input"));
        KStream<String, RouteInput> latencies = latency.repartition(
                        Repartitioned.with(stage.key(), stage.serdes().latencySummary())
                                .withName("route-latency")
                                .withNumberOfPartitions(partitions)
                                .withStreamPartitioner(RoutePartitioners.latency()))
                .mapValues(s -> (RouteInput) new RouteInput.LatencyChanged(s), Named.as("route-latency-input"));
        KStream<String, RouteInput> policies = policies(stage, partitions);

        int maxAlternatives = config.routesMaxAlternatives();
        LivenessRules liveness = new LivenessRules(
                config.duration(AppConfig.ROUTING_LIVENESS_CHECK_MS),
                config.duration(AppConfig.ROUTING_LATENCY_MAX_AGE_MS),
                config.duration(AppConfig.ROUTING_GONE_RETENTION_MS));
        boolean commitOnDecision = config.routingCommitOnDecision();
        SelfHosting.use(config.throughputOverrides());
        ProcessorSupplier<String, RouteInput, String, RouteUpdate> engine = StageContext.withStores(
                () -> new RouteEngineProcessor(new RouteSelector(maxAlternatives), liveness, commitOnDecision),
                RouteStores.valueSerdes(
                                stage.serdes().routePolicy(), stage.serdes().routeUpdate())
                        .entrySet()
                        .stream()
                        .map(e -> stage.cachedStore(e.getKey(), e.getValue()))
                        .toArray(StoreBuilder<?>[]::new));
        KStream<String, RouteUpdate> updates = offerInputs
                .merge(latencies, Named.as("route-inputs-1"))
                .merge(policies, Named.as("route-inputs"))
                .process(engine, Named.as("route-engine"));
        updates.to(
                Topic.ROUTE_UPDATES.topicName(),
                Produced.with(stage.key(), stage.serdes().routeUpdate()).withName("route-updates-sink"));
        return updates;
    }

    /** Policies are read, checked and addressed in the partitions they arrive in (keyed by route id). */
    private static KStream<String, RouteInput> policies(StageContext stage, int partitions) {
        KStream<String, RoutePolicy> keyedPolicies = stage.builder().stream(
                        Topic.ROUTE_POLICIES.topicName(),
                        Consumed.with(stage.key(), stage.serdes().routePolicy()).withName("route-policies-source"))
                .filter((routeId, p) -> routeId != null, Named.as("keyed-policies"))
                .mapValues((routeId, p) -> withRouteId(p, routeId), Named.as("route-policy-id"));
        ValidateStage.Split<RoutePolicy> checkedPolicies = ValidateStage.split(
                "policies",
                keyedPolicies,
                new PolicyValidator(stage.clock(), stage.config().maxFutureSkew())::validate,
                stage.key(),
                stage.serdes().rejected());
        return checkedPolicies
                .valid()
                .mapValues(
                        (routeId, p) -> (RouteInput) new RouteInput.PolicyChanged(routeId, p),
                        Named.as("route-policy-input"))
                .merge(
                        checkedPolicies
                                .rejected()
                                .mapValues(
                                        (routeId, r) ->
                                                (RouteInput) new RouteInput.PolicyRefused(routeId, r.getDetail()),
                                        Named.as("route-policy-refused")),
                        Named.as("route-policy-inputs"))
                .process(RouteHomeProcessor::new, Named.as("route-homes"), RouteHomeProcessor.STORE)
                .repartition(Repartitioned.with(
                                stage.key(),
                                new RouteCommandSerde(stage.serdes().routePolicy()))
                        .withName("route-policies-by-home")
                        .withNumberOfPartitions(partitions)
                        .withStreamPartitioner(RoutePartitioners.commands()))
                .mapValues(RouteCommand::input, Named.as("route-command-input"));
    }

    /** The record key is the route id; a policy body that says otherwise is corrected, not trusted. */
    private static RoutePolicy withRouteId(RoutePolicy policy, String routeId) {
        if (policy == null || routeId.equals(policy.getRouteId())) {
            return policy;
        }
        return RoutePolicy.newBuilder(policy).setRouteId(routeId).build();
    }
}
