package dev.gpuarb.connectors.core;

import java.time.Duration;
import java.util.List;

/**
 * How a source talks HTTP.
 *
 * @param requestTimeout one attempt, from send to the last byte of the body (redirects included)
 * @param maxResponseBytes bodies larger than this are refused (RESPONSE_TOO_LARGE), not buffered
 * @param maxRetries retries of one request after 429, 5xx, timeouts and connection errors
 * @param requestsPerSecond spacing of requests; 0 for none
 * @param totalTimeout one request with all its attempts and the waits between them
 * @param allowedOrigins origins ({@code https://host[:port]}) that redirects and paging links may lead
 *                       to besides the origin of the URL they came from
 */
public record HttpSettings(
        Duration requestTimeout,
        long maxResponseBytes,
        int maxRetries,
        Duration backoffInitial,
        Duration backoffMax,
        double requestsPerSecond,
        Duration totalTimeout,
        List<String> allowedOrigins) {

    public static HttpSettings defaults() {
        return new HttpSettings(
                Duration.ofSeconds(30),
                64L * 1024 * 1024,
                4,
                Duration.ofMillis(500),
                Duration.ofSeconds(30),
                5.0,
                Duration.ofMinutes(3),
                List.of());
    }
}
