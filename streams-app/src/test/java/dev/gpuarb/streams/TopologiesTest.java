package dev.gpuarb.streams;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gpuarb.streams.config.AppConfig;
import dev.gpuarb.streams.config.StreamsApp;
import dev.gpuarb.streams.stage.AppSerdes;
import dev.gpuarb.topics.Topic;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.streams.TopologyDescription;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Both applications' topologies: which topics each reads and writes, and how their internals are named. */
class TopologiesTest {

    private static TopologyDescription describe(StreamsApp app) {
        return Topologies.of(
                        app,
                        AppConfig.from(Map.of(AppConfig.SCHEMA_REGISTRY_URL, "mock://topology-test")),
                        AppSerdes.fromConfig(Map.of("schema.registry.url", "mock://topology-test")),
                        java.time.Clock.systemUTC())
                .describe();
    }

    private static Set<String> sourceTopics(TopologyDescription description) {
        Set<String> topics = new HashSet<>();
        description
                .subtopologies()
                .forEach(s -> s.nodes().forEach(n -> {
                    if (n instanceof TopologyDescription.Source source) {
                        topics.addAll(source.topicSet());
                    }
                }));
        return topics;
    }

    private static Set<String> sinkTopics(TopologyDescription description) {
        Set<String> topics = new HashSet<>();
        description
                .subtopologies()
                .forEach(s -> s.nodes().forEach(n -> {
                    if (n instanceof TopologyDescription.Sink sink) {
                        topics.add(sink.topic());
                    }
                }));
        return topics;
    }

    @Test
    void eachApplicationReadsAndWritesOnlyCatalogTopicsBesidesItsOwnRepartitionTopics() {
        Set<String> catalog =
                Arrays.stream(Topic.values()).map(Topic::topicName).collect(Collectors.toSet());
        for (StreamsApp app : StreamsApp.values()) {
            TopologyDescription description = describe(app);
            Set<String> external = new HashSet<>(sourceTopics(description));
            external.addAll(sinkTopics(description));
            external.removeIf(t -> t.endsWith("-repartition"));
            assertThat(catalog).as(app.id()).containsAll(external);
        }
    }

    @Test
    void routingWritesDecisionsAndEveryRejectAnalyticsWritesTheRest() {
        TopologyDescription routing = describe(StreamsApp.ROUTING);
        TopologyDescription analytics = describe(StreamsApp.ANALYTICS);

        assertThat(sourceTopics(routing))
                .contains(
                        Topic.GPU_PRICES.topicName(),
                        Topic.TOKEN_PRICES.topicName(),
                        Topic.ENDPOINT_OBSERVATIONS.topicName(),
                        Topic.ROUTE_POLICIES.topicName(),
                        Topic.TASK_QUOTES.topicName());
        assertThat(sinkTopics(routing))
                .contains(
                        Topic.REJECTED.topicName(),
                        Topic.LATENCY_SUMMARIES.topicName(),
                        Topic.ROUTE_UPDATES.topicName(),
                        Topic.TASK_MARGINS.topicName());
        assertThat(sourceTopics(analytics))
                .contains(Topic.GPU_PRICES.topicName(), Topic.TOKEN_PRICES.topicName())
                .doesNotContain(Topic.ROUTE_POLICIES.topicName(), Topic.ENDPOINT_OBSERVATIONS.topicName());
        assertThat(sinkTopics(analytics))
                .contains(
                        Topic.REGIONAL_SPREADS.topicName(),
                        Topic.TIME_OF_DAY_PROFILES.topicName(),
                        Topic.SPOT_BIDS.topicName(),
                        Topic.ARBITRAGE_ALERTS.topicName())
                .as("one writer of prices.rejected: a bad price is reported once")
                .doesNotContain(Topic.REJECTED.topicName());
        Set<String> routingOutputs = new HashSet<>(sinkTopics(routing));
        routingOutputs.removeIf(t -> t.endsWith("-repartition"));
        assertThat(routingOutputs)
                .doesNotContain(
                        Topic.REGIONAL_SPREADS.topicName(),
                        Topic.TIME_OF_DAY_PROFILES.topicName(),
                        Topic.SPOT_BIDS.topicName(),
                        Topic.ARBITRAGE_ALERTS.topicName());
    }

    @Test
    void routingHasNoJsonRepartitionOfAnalytics() {
        // routing's only hops are into the route engine; the analytics re-keyings are gone from its graph
        Set<String> repartitions = new HashSet<>(sourceTopics(describe(StreamsApp.ROUTING)));
        repartitions.removeIf(t -> !t.endsWith("-repartition"));
        assertThat(repartitions).noneMatch(t -> t.contains("prices-by-"));
    }

    @Test
    void analyticsRepartitionsEachPriceOnce() {
        // Spreads, profiles, bids and alerts all work within a product; only the daily profiles are re-keyed after.
        Set<String> repartitions = new HashSet<>(sourceTopics(describe(StreamsApp.ANALYTICS)));
        repartitions.removeIf(t -> !t.endsWith("-repartition"));
        assertThat(repartitions)
                .containsExactlyInAnyOrder("price-events-by-product-repartition", "profiles-by-region-repartition");
    }

    @ParameterizedTest
    @EnumSource(StreamsApp.class)
    void internalTopicsAndStoresHaveExplicitNamesSoUpgradesKeepTheirState(StreamsApp app) {
        TopologyDescription description = describe(app);
        Set<String> internal = new HashSet<>(sourceTopics(description));
        internal.removeIf(t -> !t.endsWith("-repartition"));
        Set<String> stores = new HashSet<>();
        description
                .subtopologies()
                .forEach(s -> s.nodes().forEach(n -> {
                    if (n instanceof TopologyDescription.Processor processor) {
                        stores.addAll(processor.stores());
                    }
                }));

        assertThat(internal).isNotEmpty().noneMatch(t -> t.contains("KSTREAM-") || t.contains("KTABLE-"));
        assertThat(stores).isNotEmpty().noneMatch(s -> s.contains("KSTREAM-") || s.contains("KTABLE-"));
    }
}
