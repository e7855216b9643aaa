package dev.gpuarb.topics;

import dev.gpuarb.avro.ArbitrageAlert;
import dev.gpuarb.avro.EndpointLatencySummary;
import dev.gpuarb.avro.EndpointObservation;
import dev.gpuarb.avro.GpuPriceObservation;
import dev.gpuarb.avro.MarginEvent;
import dev.gpuarb.avro.RegionalSpread;
import dev.gpuarb.avro.RejectedRecord;
import dev.gpuarb.avro.RoutePolicy;
import dev.gpuarb.avro.RouteUpdate;
import dev.gpuarb.avro.SpotBid;
import dev.gpuarb.avro.TaskQuote;
import dev.gpuarb.avro.TimeOfDayProfile;
import dev.gpuarb.avro.TokenPriceObservation;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;

/**
 * The topic catalog: every topic the pipeline reads or writes, in one place. Keys are UTF-8 strings;
 * values are Avro in the Confluent wire format, one record class per topic.
 *
 * <p>Latest-state topics (policies, route updates, bids, profiles) are compacted so a new consumer
 * reads the current state without replaying history; event topics use time retention.
 */
public enum Topic {
    GPU_PRICES("prices.gpu", "offerId", GpuPriceObservation.class, 6, Cleanup.DELETE),
    TOKEN_PRICES("prices.tokens", "offerId", TokenPriceObservation.class, 3, Cleanup.DELETE),
    ENDPOINT_OBSERVATIONS("endpoint.obs", "endpointId", EndpointObservation.class, 6, Cleanup.DELETE),
    ROUTE_POLICIES("route.policies", "routeId", RoutePolicy.class, 1, Cleanup.COMPACT),
    ROUTE_UPDATES("routes.updates", "routeId", RouteUpdate.class, 3, Cleanup.COMPACT),
    SPOT_BIDS("bids.spot", "offerId", SpotBid.class, 3, Cleanup.COMPACT),
    REGIONAL_SPREADS("spreads.regional", "kind|product|pricingModel", RegionalSpread.class, 3, Cleanup.DELETE),
    TIME_OF_DAY_PROFILES(
            "profiles.time-of-day", "gpuModel|pricingModel|region", TimeOfDayProfile.class, 3, Cleanup.COMPACT),
    LATENCY_SUMMARIES("latency.endpoints", "endpointId", EndpointLatencySummary.class, 3, Cleanup.DELETE),
    ARBITRAGE_ALERTS(
            "alerts.arbitrage",
            "gpuModel|pricingModel|cheapRegion|dearRegion",
            ArbitrageAlert.class,
            3,
            Cleanup.DELETE),
    REJECTED("prices.rejected", "source", RejectedRecord.class, 3, Cleanup.DELETE),
    TASK_QUOTES("tasks.quotes", "taskType", TaskQuote.class, 3, Cleanup.COMPACT),
    TASK_MARGINS("margins.tasks", "taskType", MarginEvent.class, 3, Cleanup.DELETE);

    /** Retention of event topics: long enough to rebuild trailing profiles (7 days) with margin. */
    public static final long EVENT_RETENTION_MS = 14L * 24 * 60 * 60 * 1000;

    private final String topicName;
    private final String keyDescription;
    private final Class<? extends SpecificRecord> valueClass;
    private final int defaultPartitions;
    private final Cleanup cleanup;

    Topic(
            String topicName,
            String keyDescription,
            Class<? extends SpecificRecord> valueClass,
            int defaultPartitions,
            Cleanup cleanup) {
        this.topicName = topicName;
        this.keyDescription = keyDescription;
        this.valueClass = valueClass;
        this.defaultPartitions = defaultPartitions;
        this.cleanup = cleanup;
    }

    /** The Kafka topic name. */
    public String topicName() {
        return topicName;
    }

    /** What the record key holds (fields joined by '|'). */
    public String keyDescription() {
        return keyDescription;
    }

    public Class<? extends SpecificRecord> valueClass() {
        return valueClass;
    }

    public int defaultPartitions() {
        return defaultPartitions;
    }

    public Cleanup cleanup() {
        return cleanup;
    }

    /** Topic-level configs that go with the cleanup policy. */
    public Map<String, String> configs() {
        return cleanup == Cleanup.COMPACT
                ? Map.of(
                        TopicConfig.CLEANUP_POLICY_CONFIG,
                        TopicConfig.CLEANUP_POLICY_COMPACT,
                        TopicConfig.MIN_COMPACTION_LAG_MS_CONFIG,
                        "60000")
                : Map.of(
                        TopicConfig.CLEANUP_POLICY_CONFIG,
                        TopicConfig.CLEANUP_POLICY_DELETE,
                        TopicConfig.RETENTION_MS_CONFIG,
                        Long.toString(EVENT_RETENTION_MS));
    }

    /** A {@link NewTopic} for the admin client with the default partition count. */
    public NewTopic newTopic(short replicationFactor) {
        return newTopic(defaultPartitions, replicationFactor);
    }

    public NewTopic newTopic(int partitions, short replicationFactor) {
        return new NewTopic(topicName, partitions, replicationFactor).configs(configs());
    }

    public static Optional<Topic> byName(String topicName) {
        return Arrays.stream(values())
                .filter(t -> t.topicName.equals(topicName))
                .findFirst();
    }

    public enum Cleanup {
        DELETE,
        COMPACT
    }
}
