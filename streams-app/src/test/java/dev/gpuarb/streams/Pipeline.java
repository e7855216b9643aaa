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
import dev.gpuarb.streams.config.AppConfig;
import dev.gpuarb.streams.config.StreamsApp;
import dev.gpuarb.streams.config.StreamsConfigFactory;
import dev.gpuarb.streams.routing.LatestOffersStage;
import dev.gpuarb.streams.stage.AppSerdes;
import dev.gpuarb.topics.Topic;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;

/**
 * Both production topologies, each in a TopologyTestDriver of its own (as in production, where they
 * are separate Kafka Streams applications), with an in-process schema registry and a topic handle for
 * every input and output. An input is piped to both applications; each output comes from the
 * application that writes it.
 */
public final class Pipeline implements AutoCloseable {

    public final AppConfig config;
    public final AppSerdes serdes;
    /** The routing application (validation and rejects, offers, latency, routes, margins). */
    public final TopologyTestDriver driver;
    /** The analytics application (spreads, profiles, bids, alerts). */
    public final TopologyTestDriver analytics;

    public final BothInputs<GpuPriceObservation> gpu;
    public final BothInputs<TokenPriceObservation> tokens;
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
        // A test driver runs one task per sub-topology (partition 0) and ignores partitioners, so the
        // route engine runs as on one partition; its partitioning is tested on its own and on real engines.
        settings.put(AppConfig.ROUTING_PARTITIONS, "1");
        settings.putAll(overrides);
        config = AppConfig.from(settings);
        serdes = AppSerdes.fromConfig(config);
        // The drivers' wall clock starts where the fixtures' event times do, so deadlines stamped from
        // fixture times (validUntil, latency age) fall due when a test advances it, not at once.
        driver = new TopologyTestDriver(
                Topologies.of(StreamsApp.ROUTING, config, serdes, java.time.Clock.systemUTC()),
                StreamsConfigFactory.streamsProperties(config, StreamsApp.ROUTING),
                Fixtures.T0);
        analytics = new TopologyTestDriver(
                Topologies.of(StreamsApp.ANALYTICS, config, serdes, java.time.Clock.systemUTC()),
                StreamsConfigFactory.streamsProperties(config, StreamsApp.ANALYTICS),
                Fixtures.T0);
        gpu = new BothInputs<>(
                input(driver, Topic.GPU_PRICES, serdes.gpuPrice()),
                input(analytics, Topic.GPU_PRICES, serdes.gpuPrice()));
        tokens = new BothInputs<>(
                input(driver, Topic.TOKEN_PRICES, serdes.tokenPrice()),
                input(analytics, Topic.TOKEN_PRICES, serdes.tokenPrice()));
        endpointObs = input(driver, Topic.ENDPOINT_OBSERVATIONS, serdes.endpointObservation());
        policies = input(driver, Topic.ROUTE_POLICIES, serdes.routePolicy());
        rejected = output(driver, Topic.REJECTED, serdes.rejected());
        spreads = output(analytics, Topic.REGIONAL_SPREADS, serdes.regionalSpread());
        profiles = output(analytics, Topic.TIME_OF_DAY_PROFILES, serdes.timeOfDayProfile());
        latency = output(driver, Topic.LATENCY_SUMMARIES, serdes.latencySummary());
        routes = output(driver, Topic.ROUTE_UPDATES, serdes.routeUpdate());
        bids = output(analytics, Topic.SPOT_BIDS, serdes.spotBid());
        alerts = output(analytics, Topic.ARBITRAGE_ALERTS, serdes.arbitrageAlert());
    }

    /** A topic both applications read: each record goes to both, in the same order. */
    public static final class BothInputs<V> {
        private final TestInputTopic<String, V> routing;
        private final TestInputTopic<String, V> analytics;

        BothInputs(TestInputTopic<String, V> routing, TestInputTopic<String, V> analytics) {
            this.routing = routing;
            this.analytics = analytics;
        }

        public void pipeInput(String key, V value, java.time.Instant timestamp) {
            routing.pipeInput(key, value, timestamp);
            analytics.pipeInput(key, value, timestamp);
        }

        public void pipeInput(String key, V value, long timestampMs) {
            routing.pipeInput(key, value, timestampMs);
            analytics.pipeInput(key, value, timestampMs);
        }

        public void pipeInput(String key, V value) {
            routing.pipeInput(key, value);
            analytics.pipeInput(key, value);
        }
    }

    /** The driver of the application that keeps the store. */
    public TopologyTestDriver driverFor(String store) {
        return dev.gpuarb.streams.api.resources.Resource.ALL.stream()
                .filter(r -> r.store().equals(store))
                .findFirst()
                .map(r -> r.app() == StreamsApp.ANALYTICS ? analytics : driver)
                .orElse(driver);
    }

    public static Pipeline start() throws Exception {
        return new Pipeline(Map.of());
    }

    public static Pipeline start(Map<String, String> overrides) throws Exception {
        return new Pipeline(overrides);
    }

    private <V> TestInputTopic<String, V> input(TopologyTestDriver d, Topic topic, Serde<V> serde) {
        return d.createInputTopic(topic.topicName(), serdes.key().serializer(), serde.serializer());
    }

    private <V> TestOutputTopic<String, V> output(TopologyTestDriver d, Topic topic, Serde<V> serde) {
        return d.createOutputTopic(topic.topicName(), serdes.key().deserializer(), serde.deserializer());
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

    /** Moves both drivers' wall clock forward, running the wall-clock punctuations that fall due. */
    public void advanceWallClock(java.time.Duration by) {
        driver.advanceWallClockTime(by);
        analytics.advanceWallClockTime(by);
    }

    /** The latest GPU price the topology keeps for an offer, or null. */
    public GpuPriceObservation latestGpu(String offerId) {
        org.apache.kafka.streams.state.KeyValueStore<
                        String, org.apache.kafka.streams.state.ValueAndTimestamp<GpuPriceObservation>>
                store = driver.getTimestampedKeyValueStore(LatestOffersStage.OFFERS_GPU_STORE);
        var v = store.get(offerId);
        return v == null ? null : v.value();
    }

    @Override
    public void close() {
        driver.close();
        analytics.close();
        InMemorySchemaRegistry.dropScope(registryScope);
    }
}
