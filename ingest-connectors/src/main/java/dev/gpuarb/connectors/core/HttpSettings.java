package dev.gpuarb.connectors.core;

import java.time.Duration;

/**
 * How a source talks HTTP.
 *
 * @param requestTimeout per request, from send to the end of the body
 * @param maxResponseBytes bodies larger than this are refused (RESPONSE_TOO_LARGE), not buffered
 * @param maxRetries retries of one request after 429, 5xx, timeouts and connection errors
 * @param requestsPerSecond spacing of requests; 0 for none
 */
public record HttpSettings(Duration requestTimeout, long maxResponseBytes, int maxRetries,
                           Duration backoffInitial, Duration backoffMax, double requestsPerSecond) {

    public static HttpSettings defaults() {
        return new HttpSettings(Duration.ofSeconds(30), 64L * 1024 * 1024, 4,
                Duration.ofMillis(500), Duration.ofSeconds(30), 5.0);
    }
}
