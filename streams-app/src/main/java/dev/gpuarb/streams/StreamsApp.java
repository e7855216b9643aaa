package dev.gpuarb.streams;

import java.time.Clock;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyDescription;

/**
 * The two Kafka Streams applications built from this module. Each has its own application id (so
 * its own consumer group, transactions, internal topics and state), threads and commit interval:
 * routing is latency-critical, analytics throughput-oriented, and neither waits for the other.
 */
public enum StreamsApp {

    /** Validation, latest price per offer, latency summaries, the route engine, task margins. */
    ROUTING,
    /** Regional spreads, time-of-day profiles, spot bids, arbitrage alerts. */
    ANALYTICS;

    /** The name used in settings, logs and application ids: "routing" or "analytics". */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The Kafka Streams application id: the configured base id, a dash, this application's name. */
    public String applicationId(AppConfig config) {
        return config.applicationId() + "-" + id();
    }

    public Topology topology(AppConfig config, AppSerdes serdes, Clock clock) {
        return switch (this) {
            case ROUTING -> RoutingTopology.build(config, serdes, clock);
            case ANALYTICS -> AnalyticsTopology.build(config, serdes, clock);
        };
    }

    /** The topics the application reads, its own repartition topics included (for progress and drain checks). */
    public Set<String> sourceTopics(AppConfig config) {
        Set<String> sources = new TreeSet<>();
        topology(config, AppSerdes.fromConfig(config), Clock.systemUTC())
                .describe()
                .subtopologies()
                .forEach(s -> s.nodes().forEach(n -> {
                    if (n instanceof TopologyDescription.Source source) {
                        sources.addAll(source.topicSet());
                    }
                }));
        return sources;
    }

    /** The application named {@code id} (case-insensitive), or a clear error listing the names. */
    public static StreamsApp byId(String id) {
        for (StreamsApp app : values()) {
            if (app.id().equalsIgnoreCase(id.trim())) {
                return app;
            }
        }
        throw new IllegalArgumentException("unknown application '" + id + "'; expected routing or analytics");
    }
}
