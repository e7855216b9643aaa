package dev.gpuarb.streams.config;

import java.util.Locale;

/**
 * The two Kafka Streams applications built from this module. Each has its own application id (so
 * its own consumer group, transactions, internal topics and state), threads and commit interval:
 * routing is latency-critical, analytics throughput-oriented, and neither waits for the other. Only
 * the names live here, beside the settings that name them (the stages read those settings, so this
 * package cannot know the stages); {@code dev.gpuarb.streams.Topologies} builds each one's topology.
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
