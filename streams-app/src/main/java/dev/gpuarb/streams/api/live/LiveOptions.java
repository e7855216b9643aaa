package dev.gpuarb.streams.api.live;

import java.time.Duration;

/**
 * How the live feed behaves: how often it reads the stores, how often an idle stream gets a keep-alive
 * comment (proxies close quiet connections), and how many browsers may follow it at once (each holds a
 * thread and a connection).
 */
public record LiveOptions(Duration pollInterval, Duration heartbeatInterval, int maxClients, int queuedEventsPerClient) {

    public static final LiveOptions DEFAULTS = new LiveOptions(Duration.ofSeconds(1), Duration.ofSeconds(15), 16, 64);

    public LiveOptions {
        if (pollInterval.isNegative() || pollInterval.isZero() || heartbeatInterval.isNegative() || heartbeatInterval.isZero()) {
            throw new IllegalArgumentException("intervals must be positive");
        }
        if (maxClients < 1 || queuedEventsPerClient < 1) {
            throw new IllegalArgumentException("maxClients and queuedEventsPerClient must be at least 1");
        }
    }
}
