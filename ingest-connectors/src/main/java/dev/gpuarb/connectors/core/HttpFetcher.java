package dev.gpuarb.connectors.core;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * GET (and POST, for search APIs that take their query as a JSON body) with the behaviour every
 * price API needs: a time limit per attempt that covers the whole body and one over all attempts, a response size cap, request spacing, and retries with jittered
 * exponential backoff on 429, 5xx, timeouts and connection errors (honouring {@code Retry-After}
 * when it is within the backoff ceiling). Other 4xx fail at once: retrying a bad request only burns
 * the provider's rate limit. Redirects are followed only within the {@link LinkPolicy}. A POST is
 * only ever a read here (a search), so it is retried and redirected like a GET, with the same body.
 */
public final class HttpFetcher {

    private static final Logger log = LoggerFactory.getLogger(HttpFetcher.class);
    private static final Set<Integer> REDIRECTS = Set.of(301, 302, 303, 307, 308);
    private static final int MAX_REDIRECTS = 5;
    /** Of an error answer only the beginning is read, to show in the error. */
    private static final int ERROR_HEAD_BYTES = 256;

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
    private final LinkPolicy links;
    private long retries;

    public HttpFetcher(HttpSettings settings, Sleeper sleeper, Random random, Clock clock) {
        this.settings = settings;
        this.client = HttpClient.newBuilder()
                .connectTimeout(settings.requestTimeout())
                .followRedirects(HttpClient.Redirect.NEVER) // followed by hand, within the link policy
                .build();
        this.sleeper = sleeper;
        this.random = random;
        this.rateLimiter = new RateLimiter(settings.requestsPerSecond(), clock, sleeper);
        this.links = new LinkPolicy(settings.allowedOrigins());
    }

    public static HttpFetcher withDefaults(HttpSettings settings) {
        return new HttpFetcher(settings, Sleeper.SYSTEM, new Random(), Clock.systemUTC());
    }

    /** Which links found in answers (paging links) may be fetched; the same policy guards redirects. */
    public LinkPolicy links() {
        return links;
    }

    public Response get(URI uri, Map<String, String> headers) throws IOException, InterruptedException {
        return request(new Method("GET", null), uri, headers);
    }

    /** A POST whose answer is a read (a search with its query in the body), retried like a GET. */
    public Response post(URI uri, Map<String, String> headers, byte[] body) throws IOException, InterruptedException {
        return request(new Method("POST", body.clone()), uri, headers);
    }

    /** The request method and, for POST, its body. */
    private record Method(String name, byte[] body) {

        HttpRequest.BodyPublisher publisher() {
            return body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body);
        }
    }

    private Response request(Method method, URI uri, Map<String, String> headers)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + settings.totalTimeout().toNanos();
        Backoff backoff = new Backoff(settings.backoffInitial(), settings.backoffMax(), random);
        IOException last = null;
        int attempts = 0;
        while (attempts <= settings.maxRetries()) {
            if (attempts > 0) {
                retries++;
            }
            attempts++;
            rateLimiter.acquire();
            Duration wait;
            try {
                HttpResponse<byte[]> response = exchange(method, uri, headers, deadline);
                int status = response.statusCode();
                if (status >= 200 && status < 300) {
                    return new Response(
                            status, response.body(), response.headers().map());
                }
                HttpStatusException error = new HttpStatusException(
                        uri.toString(), status, new String(response.body(), StandardCharsets.UTF_8));
                if (status != 429 && status < 500) {
                    throw error;
                }
                last = error;
                Duration backoffDelay = backoff.nextDelay();
                wait = retryAfter(response)
                        .filter(d -> d.compareTo(settings.backoffMax()) <= 0)
                        .orElse(backoffDelay);
            } catch (RefusedFetchException | HttpStatusException e) {
                throw e;
            } catch (IOException e) {
                // Timeouts (HttpTimeoutException) and connection failures are worth another try.
                last = e;
                wait = backoff.nextDelay();
            }
            if (attempts > settings.maxRetries()) {
                break;
            }
            if (System.nanoTime() + wait.toNanos() >= deadline) {
                throw new IOException(
                        method.name() + " " + uri + " failed after " + attempts + " attempts: no time left for another"
                                + " within the total limit of "
                                + settings.totalTimeout().toMillis() + " ms",
                        last);
            }
            log.debug(
                    "{} {} failed ({}), retrying in {}",
                    method.name(),
                    LogText.escape(uri),
                    LogText.escape(last.getMessage()),
                    wait);
            sleeper.sleep(wait);
        }
        throw new IOException(method.name() + " " + uri + " failed after " + attempts + " attempts", last);
    }

    /** One attempt: the request and the redirects it leads to, all before the attempt's deadline. */
    private HttpResponse<byte[]> exchange(Method method, URI uri, Map<String, String> headers, long totalDeadline)
            throws IOException, InterruptedException {
        long deadline = Math.min(
                totalDeadline, System.nanoTime() + settings.requestTimeout().toNanos());
        URI current = uri;
        for (int hops = 0; ; hops++) {
            HttpResponse<byte[]> response = send(method, current, headers, deadline);
            Optional<String> location = response.headers().firstValue("Location");
            if (!REDIRECTS.contains(response.statusCode()) || location.isEmpty()) {
                return response;
            }
            URI next;
            try {
                next = current.resolve(location.get().trim());
            } catch (IllegalArgumentException e) {
                throw new RefusedLinkException("redirect", current, location.get());
            }
            if (!links.mayFollow(uri, next)) {
                throw new RefusedLinkException("redirect", current, next.toString());
            }
            if (hops >= MAX_REDIRECTS) {
                throw new HttpStatusException(
                        uri.toString(), response.statusCode(), "more than " + MAX_REDIRECTS + " redirects");
            }
            current = next;
        }
    }

    private HttpResponse<byte[]> send(Method method, URI uri, Map<String, String> headers, long deadline)
            throws IOException, InterruptedException {
        long remaining = deadline - System.nanoTime();
        String late = method.name() + " " + uri + " did not complete within its time limit";
        if (remaining <= 0) {
            throw new HttpTimeoutException(late);
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .timeout(Duration.ofNanos(remaining))
                .method(method.name(), method.publisher());
        headers.forEach(request::header);
        BoundedBody handler = new BoundedBody(uri.toString());
        CompletableFuture<HttpResponse<byte[]>> answer = client.sendAsync(request.build(), handler);
        try {
            return answer.get(remaining, TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            // The request's own timeout ends at the headers; a body that trickles in is cut off here.
            handler.abort(late);
            answer.cancel(true);
            throw new HttpTimeoutException(late);
        } catch (InterruptedException e) {
            handler.abort("interrupted");
            answer.cancel(true);
            throw e;
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            while (cause instanceof CompletionException && cause.getCause() != null) {
                cause = cause.getCause();
            }
            if (cause instanceof IOException io) {
                throw io;
            }
            throw new IOException(method.name() + " " + uri + " failed", cause);
        }
    }

    /** Reads a success body up to the size cap, and only the beginning of any other answer. */
    private final class BoundedBody implements HttpResponse.BodyHandler<byte[]> {

        private final String location;
        private volatile BoundedBodySubscriber subscriber;

        BoundedBody(String location) {
            this.location = location;
        }

        @Override
        public HttpResponse.BodySubscriber<byte[]> apply(HttpResponse.ResponseInfo info) {
            int status = info.statusCode();
            subscriber = status >= 200 && status < 300
                    ? BoundedBodySubscriber.failingAbove(settings.maxResponseBytes(), location)
                    : BoundedBodySubscriber.truncatedTo(ERROR_HEAD_BYTES, location);
            return subscriber;
        }

        void abort(String why) {
            BoundedBodySubscriber s = subscriber;
            if (s != null) {
                s.abort(why);
            }
        }
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
