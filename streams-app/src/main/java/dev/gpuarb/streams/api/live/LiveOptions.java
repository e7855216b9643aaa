package dev.gpuarb.streams.api.live;

import java.time.Duration;

/**
 * How the live feed behaves: how often it reads the stores, how often an idle stream gets a keep-alive
 * comment (proxies close quiet connections), how many browsers may follow it at once (each holds a
 * thread and a connection) and how many of those may come from one address, and how many events may
 * wait for a slow browser before its stream is closed.
 */
public record LiveOptions(
        Duration pollInterval,
        Duration heartbeatInterval,
        int maxClients,
        int maxClientsPerAddress,
        int queuedEventsPerClient) {

    public static final int DEFAULT_MAX_CLIENTS = 16;
    public static final int DEFAULT_MAX_CLIENTS_PER_ADDRESS = 4;
    public static final LiveOptions DEFAULTS = new LiveOptions(
            Duration.ofSeconds(1), Duration.ofSeconds(15), DEFAULT_MAX_CLIENTS, DEFAULT_MAX_CLIENTS_PER_ADDRESS, 64);

    public LiveOptions {
        if (pollInterval.isNegative()
                || pollInterval.isZero()
                || heartbeatInterval.isNegative()
                || heartbeatInterval.isZero()) {
            throw new IllegalArgumentException("intervals must be positive");
        }
        if (maxClients < 1 || maxClientsPerAddress < 1 || queuedEventsPerClient < 1) {
            throw new IllegalArgumentException(
                    "maxClients, maxClientsPerAddress and queuedEventsPerClient must be at least 1");
        }
    }

    /** With the default per-address limit (at most the total). */
    public LiveOptions(Duration pollInterval, Duration heartbeatInterval, int maxClients, int queuedEventsPerClient) {
        this(
                pollInterval,
                heartbeatInterval,
                maxClients,
                Math.min(DEFAULT_MAX_CLIENTS_PER_ADDRESS, maxClients),
                queuedEventsPerClient);
    }

    public LiveOptions withClientLimits(int maxClients, int maxClientsPerAddress) {
        return new LiveOptions(
                pollInterval, heartbeatInterval, maxClients, maxClientsPerAddress, queuedEventsPerClient);
    }
}
