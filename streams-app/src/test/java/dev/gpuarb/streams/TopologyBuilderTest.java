package dev.gpuarb.streams;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gpuarb.topics.Topic;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.streams.TopologyDescription;
import org.junit.jupiter.api.Test;

class TopologyBuilderTest {

    private final TopologyDescription description = TopologyBuilder.buildTopology(
            AppConfig.from(Map.of(AppConfig.SCHEMA_REGISTRY_URL, "mock://topology-test")),
            AppSerdes.fromConfig(Map.of("schema.registry.url", "mock://topology-test"))).describe();

    private Set<String> sourceTopics() {
        Set<String> topics = new HashSet<>();
        description.subtopologies().forEach(s -> s.nodes().forEach(n -> {
            if (n instanceof TopologyDescription.Source source) {
                topics.addAll(source.topicSet());
            }
        }));
        return topics;
    }

    private Set<String> sinkTopics() {
        Set<String> topics = new HashSet<>();
        description.subtopologies().forEach(s -> s.nodes().forEach(n -> {
            if (n instanceof TopologyDescription.Sink sink) {
                topics.add(sink.topic());
            }
        }));
        return topics;
    }

    @Test
    void readsAndWritesOnlyCatalogTopicsBesidesItsOwnRepartitionTopics() {
        Set<String> catalog = Arrays.stream(Topic.values()).map(Topic::topicName).collect(Collectors.toSet());
        Set<String> external = new HashSet<>(sourceTopics());
        external.addAll(sinkTopics());
        external.removeIf(t -> t.endsWith("-repartition"));

        assertThat(catalog).containsAll(external);
        assertThat(sourceTopics()).contains(Topic.GPU_PRICES.topicName(), Topic.TOKEN_PRICES.topicName(),
                Topic.ENDPOINT_OBSERVATIONS.topicName(), Topic.ROUTE_POLICIES.topicName());
        assertThat(sinkTopics()).contains(Topic.REJECTED.topicName(), Topic.REGIONAL_SPREADS.topicName(),
                Topic.TIME_OF_DAY_PROFILES.topicName(), Topic.LATENCY_SUMMARIES.topicName(), Topic.ROUTE_UPDATES.topicName(),
                Topic.SPOT_BIDS.topicName(), Topic.ARBITRAGE_ALERTS.topicName());
    }

    @Test
    void internalTopicsAndStoresHaveExplicitNamesSoUpgradesKeepTheirState() {
        Set<String> internal = new HashSet<>(sourceTopics());
        internal.removeIf(t -> !t.endsWith("-repartition"));
        Set<String> stores = new HashSet<>();
        description.subtopologies().forEach(s -> s.nodes().forEach(n -> {
            if (n instanceof TopologyDescription.Processor processor) {
                stores.addAll(processor.stores());
            }
        }));

        assertThat(internal).isNotEmpty().noneMatch(t -> t.contains("KSTREAM-") || t.contains("KTABLE-"));
        assertThat(stores).isNotEmpty().noneMatch(s -> s.contains("KSTREAM-") || s.contains("KTABLE-"));
    }
}
