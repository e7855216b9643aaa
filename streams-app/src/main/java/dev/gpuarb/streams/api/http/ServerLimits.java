package dev.gpuarb.streams.api.http;

import java.time.Duration;

/**
 * What one client can hold of the HTTP server. Jetty reads requests and writes whole responses without
 * holding a thread, so a slow or stalled client holds a connection, not a handler thread; the idle
 * timeout closes a connection that carries no byte either way for that long (a half-sent request, a
 * client that stopped reading), and the connection cap keeps the sockets of such clients from using up
 * the process's file descriptors.
 */
public record ServerLimits(Duration idleTimeout, int maxConnections) {

    public static final ServerLimits DEFAULTS = new ServerLimits(Duration.ofSeconds(30), 256);

    public ServerLimits {
        if (idleTimeout.isNegative() || idleTimeout.isZero()) {
            throw new IllegalArgumentException("idle timeout must be positive");
        }
        if (maxConnections < 1) {
            throw new IllegalArgumentException("maxConnections must be at least 1");
        }
    }
}
