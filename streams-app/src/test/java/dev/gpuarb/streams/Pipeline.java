package dev.gpuarb.streams;

import dev.gpuarb.avro.ArbitrageAlert;
import dev.gpuarb.avro.EndpointLatencySummary;
import dev.gpuarb.avro.EndpointObservation;
import dev.gpuarb.avro.GpuPriceObservation;
import dev.gpuarb.avro.RegionalSpread;
import dev.gpuarb.avro.RejectedRecord;
import dev.gpuarb.avro.RoutePolicy;
import dev.gpuarb.avro.RouteUpdate;
import dev.gpuarb.avro.SpotBid;
import dev.gpuarb.avro.TimeOfDayProfile;
import dev.gpuarb.avro.TokenPriceObservation;
import dev.gpuarb.registry.InMemorySchemaRegistry;
import dev.gpuarb.topics.Topic;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;

/**
 * The production topology in a TopologyTestDriver, with an in-process schema registry of its own
 * and a topic handle for every input and output.
 */
public final class Pipeline implements AutoCloseable {

    public final AppConfig config;
    public final AppSerdes serdes;
    public final TopologyTestDriver driver;
    public final TestInputTopic<String, GpuPriceObservation> gpu;
    public final TestInputTopic<String, TokenPriceObservation> tokens;
    public final TestInputTopic<String, EndpointObservation> endpointObs;
    public final TestInputTopic<String, RoutePolicy> policies;
    public final TestOutputTopic<String, RejectedRecord> rejected;
    public final TestOutputTopic<String, RegionalSpread> spreads;
    public final TestOutputTopic<String, TimeOfDayProfile> profiles;
    public final TestOutputTopic<String, EndpointLatencySummary> latency;
    public final TestOutputTopic<String, RouteUpdate> routes;
    public final TestOutputTopic<String, SpotBid> bids;
    public final TestOutputTopic<String, ArbitrageAlert> alerts;
    private final String registryScope;

    private Pipeline(Map<String, String> overrides) throws Exception {
        registryScope = "streams-" + UUID.randomUUID();
        Path stateDir = Files.createTempDirectory("gpuarb-streams-test");
        Map<String, Object> settings = new HashMap<>();
        settings.put(AppConfig.APPLICATION_ID, "gpuarb-test");
        settings.put(AppConfig.SCHEMA_REGISTRY_URL, "mock://" + registryScope);
        settings.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        settings.putAll(overrides);
        config = AppConfig.from(settings);
        serdes = AppSerdes.fromConfig(config);
        Properties props = StreamsConfigFactory.streamsProperties(config);
        driver = new TopologyTestDriver(TopologyBuilder.buildTopology(config, serdes), props);
        gpu = input(Topic.GPU_PRICES, serdes.gpuPrice());
        tokens = input(Topic.TOKEN_PRICES, serdes.tokenPrice());
        endpointObs = input(Topic.ENDPOINT_OBSERVATIONS, serdes.endpointObservation());
        policies = input(Topic.ROUTE_POLICIES, serdes.routePolicy());
        rejected = output(Topic.REJECTED, serdes.rejected());
        spreads = output(Topic.REGIONAL_SPREADS, serdes.regionalSpread());
        profiles = output(Topic.TIME_OF_DAY_PROFILES, serdes.timeOfDayProfile());
        latency = output(Topic.LATENCY_SUMMARIES, serdes.latencySummary());
        routes = output(Topic.ROUTE_UPDATES, serdes.routeUpdate());
        bids = output(Topic.SPOT_BIDS, serdes.spotBid());
        alerts = output(Topic.ARBITRAGE_ALERTS, serdes.arbitrageAlert());
    }

    public static Pipeline start() throws Exception {
        return new Pipeline(Map.of());
    }

    public static Pipeline start(Map<String, String> overrides) throws Exception {
        return new Pipeline(overrides);
    }

    private <V> TestInputTopic<String, V> input(Topic topic, Serde<V> serde) {
        return driver.createInputTopic(topic.topicName(), serdes.key().serializer(), serde.serializer());
    }

    private <V> TestOutputTopic<String, V> output(Topic topic, Serde<V> serde) {
        return driver.createOutputTopic(topic.topicName(), serdes.key().deserializer(), serde.deserializer());
    }

    /** Sends a GPU price keyed by its offer id, at its own event time. */
    public void send(GpuPriceObservation o) {
        gpu.pipeInput(o.getOfferId(), o, o.getObservedAt());
    }

    public void send(TokenPriceObservation o) {
        tokens.pipeInput(o.getOfferId(), o, o.getObservedAt());
    }

    public void send(EndpointObservation o) {
        endpointObs.pipeInput(o.getEndpointId(), o, o.getAt());
    }

    public void send(RoutePolicy p) {
        policies.pipeInput(p.getRouteId(), p, p.getUpdatedAt());
    }

    /** The latest GPU price the topology keeps for an offer, or null. */
    public GpuPriceObservation latestGpu(String offerId) {
        org.apache.kafka.streams.state.KeyValueStore<String, org.apache.kafka.streams.state.ValueAndTimestamp<GpuPriceObservation>> store =
                driver.getTimestampedKeyValueStore(TopologyBuilder.OFFERS_GPU_STORE);
        var v = store.get(offerId);
        return v == null ? null : v.value();
    }

    @Override
    public void close() {
        driver.close();
        InMemorySchemaRegistry.dropScope(registryScope);
    }
}
