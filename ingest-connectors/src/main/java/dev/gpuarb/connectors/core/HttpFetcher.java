package dev.gpuarb.connectors.core;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * GET with the behaviour every price API needs: request timeout, a response size cap, request
 * spacing, and retries with jittered exponential backoff on 429, 5xx, timeouts and connection
 * errors (honouring {@code Retry-After} when it is within the backoff ceiling). Other 4xx fail at
 * once: retrying a bad request only burns the provider's rate limit.
 */
public final class HttpFetcher {

    private static final Logger log = LoggerFactory.getLogger(HttpFetcher.class);

    /** A successful response. */
    public record Response(int status, byte[] body, Map<String, java.util.List<String>> headers) {
        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private final HttpSettings settings;
    private final HttpClient client;
    private final Sleeper sleeper;
    private final Random random;
    private final RateLimiter rateLimiter;
    private long retries;

    public HttpFetcher(HttpSettings settings, Sleeper sleeper, Random random, Clock clock) {
        this.settings = settings;
        this.client = HttpClient.newBuilder()
                .connectTimeout(settings.requestTimeout())
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build();
        this.sleeper = sleeper;
        this.random = random;
        this.rateLimiter = new RateLimiter(settings.requestsPerSecond(), clock, sleeper);
    }

    public static HttpFetcher withDefaults(HttpSettings settings) {
        return new HttpFetcher(settings, Sleeper.SYSTEM, new Random(), Clock.systemUTC());
    }

    public Response get(URI uri, Map<String, String> headers) throws IOException, InterruptedException {
        Backoff backoff = new Backoff(settings.backoffInitial(), settings.backoffMax(), random);
        IOException last = null;
        for (int attempt = 0; attempt <= settings.maxRetries(); attempt++) {
            if (attempt > 0) {
                retries++;
            }
            rateLimiter.acquire();
            HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(settings.requestTimeout()).GET();
            headers.forEach(request::header);
            Duration wait;
            try {
                HttpResponse<InputStream> response = client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
                int status = response.statusCode();
                try (InputStream body = response.body()) {
                    if (status >= 200 && status < 300) {
                        byte[] bytes = BoundedBodies.read(body, settings.maxResponseBytes(), uri.toString());
                        return new Response(status, bytes, response.headers().map());
                    }
                    String head = new String(body.readNBytes(256), StandardCharsets.UTF_8);
                    HttpStatusException error = new HttpStatusException(uri.toString(), status, head);
                    if (status != 429 && status < 500) {
                        throw error;
                    }
                    last = error;
                    Duration backoffDelay = backoff.nextDelay();
                    wait = retryAfter(response).filter(d -> d.compareTo(settings.backoffMax()) <= 0)
                            .orElse(backoffDelay);
                }
            } catch (ResponseTooLargeException | HttpStatusException e) {
                throw e;
            } catch (IOException e) {
                // Timeouts (HttpTimeoutException) and connection failures are worth another try.
                last = e;
                wait = backoff.nextDelay();
            }
            if (attempt < settings.maxRetries()) {
                log.debug("GET {} failed ({}), retrying in {}", uri, last.getMessage(), wait);
                sleeper.sleep(wait);
            }
        }
        throw new IOException("GET " + uri + " failed after " + (settings.maxRetries() + 1) + " attempts", last);
    }

    /** How many retries this fetcher has made in total (for task metrics). */
    public long retries() {
        return retries;
    }

    private static Optional<Duration> retryAfter(HttpResponse<?> response) {
        return response.headers().firstValue("Retry-After").flatMap(v -> {
            try {
                return Optional.of(Duration.ofSeconds(Long.parseLong(v.trim())));
            } catch (NumberFormatException e) {
                return Optional.empty(); // an HTTP date; the backoff is good enough
            }
        });
    }
}
