package dev.gpuarb.connectors.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.gpuarb.connectors.core.FixtureHttpServer.Reply;
import dev.gpuarb.vocab.RejectReason;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class HttpFetcherTest {

    private FixtureHttpServer server;
    private final RecordingSleeper sleeper = new RecordingSleeper();

    @BeforeEach
    void start() throws IOException {
        server = new FixtureHttpServer();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private HttpFetcher fetcher(Duration timeout, long maxBytes, int retries) {
        return fetcher(timeout, Duration.ofMinutes(2), maxBytes, retries, List.of());
    }

    private HttpFetcher fetcher(Duration timeout, Duration total, long maxBytes, int retries, List<String> origins) {
        HttpSettings settings = new HttpSettings(
                timeout, maxBytes, retries, Duration.ofMillis(100), Duration.ofSeconds(5), 0, total, origins);
        return new HttpFetcher(settings, sleeper, new Random(7), Clock.systemUTC());
    }

    private static String origin(URI uri) {
        return uri.getScheme() + "://" + uri.getHost() + ":" + uri.getPort();
    }

    @Test
    void retriesServerErrorsAndRateLimitsThenSucceeds() throws Exception {
        server.on(
                "/prices", Reply.status(503), Reply.status(429).withHeader("Retry-After", "2"), Reply.ok("{\"ok\":1}"));
        HttpFetcher http = fetcher(Duration.ofSeconds(5), 1024, 4);

        HttpFetcher.Response response = http.get(server.uri("/prices"), Map.of());

        assertThat(response.text()).isEqualTo("{\"ok\":1}");
        assertThat(server.requests()).hasSize(3);
        assertThat(http.retries()).isEqualTo(2);
        assertThat(sleeper.waits()).hasSize(2);
        assertThat(sleeper.waits().get(0)).isLessThanOrEqualTo(Duration.ofMillis(100));
        assertThat(sleeper.waits().get(1)).as("Retry-After honoured").isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void clientErrorsFailAtOnce() {
        server.on("/missing", Reply.status(404));
        HttpFetcher http = fetcher(Duration.ofSeconds(5), 1024, 4);

        assertThatThrownBy(() -> http.get(server.uri("/missing"), Map.of()))
                .isInstanceOf(HttpStatusException.class)
                .satisfies(e -> assertThat(((HttpStatusException) e).status()).isEqualTo(404));
        assertThat(server.requests()).hasSize(1);
    }

    @Test
    void givesUpAfterTheRetryBudget() {
        server.on("/down", Reply.status(500));
        HttpFetcher http = fetcher(Duration.ofSeconds(5), 1024, 2);

        assertThatThrownBy(() -> http.get(server.uri("/down"), Map.of()))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("after 3 attempts")
                .hasCauseInstanceOf(HttpStatusException.class);
        assertThat(server.requests()).hasSize(3);
    }

    @Test
    void timedOutRequestsAreRetried() throws Exception {
        server.on("/slow", Reply.ok("late").delayed(3_000), Reply.ok("fast"));
        HttpFetcher http = fetcher(Duration.ofMillis(300), 1024, 1);

        assertThat(http.get(server.uri("/slow"), Map.of()).text()).isEqualTo("fast");
        assertThat(http.retries()).isEqualTo(1);
    }

    @Test
    void timeoutsSurfaceWhenRetriesRunOut() {
        server.on("/slow", Reply.ok("late").delayed(3_000));
        HttpFetcher http = fetcher(Duration.ofMillis(300), 1024, 0);

        assertThatThrownBy(() -> http.get(server.uri("/slow"), Map.of()))
                .hasCauseInstanceOf(HttpTimeoutException.class);
    }

    @Test
    void bodiesAboveTheCapAreRefusedWithTheirBeginning() {
        server.on("/big", Reply.ok("x".repeat(5000)));
        HttpFetcher http = fetcher(Duration.ofSeconds(5), 1000, 3);

        assertThatThrownBy(() -> http.get(server.uri("/big"), Map.of()))
                .isInstanceOf(ResponseTooLargeException.class)
                .satisfies(e -> {
                    Rejection r = ((ResponseTooLargeException) e).toRejection("test");
                    assertThat(r.reason()).isEqualTo(RejectReason.RESPONSE_TOO_LARGE);
                    assertThat(r.rawExcerpt()).startsWith("xxxx");
                    assertThat(r.location()).endsWith("/big");
                });
        assertThat(server.requests()).as("not retried").hasSize(1);
    }

    @Test
    void aBodyThatTricklesInIsCutOffAtTheRequestTimeout() throws Exception {
        try (TricklingHttpServer trickle = new TricklingHttpServer(Duration.ofMillis(300))) {
            HttpFetcher http = fetcher(Duration.ofMillis(1500), 100_000_000, 1);
            long start = System.nanoTime();

            // Bounded, so that a fetcher which waits for the whole body fails here instead of hanging.
            assertTimeoutPreemptively(
                    Duration.ofSeconds(90),
                    () -> assertThatThrownBy(() -> http.get(trickle.uri("/prices.json"), Map.of()))
                            .hasMessageContaining("after 2 attempts")
                            .hasCauseInstanceOf(HttpTimeoutException.class));

            Duration took = Duration.ofNanos(System.nanoTime() - start);
            assertThat(took)
                    .as("each attempt waited for its limit, no longer")
                    .isGreaterThanOrEqualTo(Duration.ofMillis(3000))
                    .isLessThan(Duration.ofSeconds(45));
            assertThat(trickle.connections()).isEqualTo(2);
            long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (trickle.open() > 0 && System.nanoTime() < until) {
                Thread.sleep(50);
            }
            assertThat(trickle.open())
                    .as("the abandoned connections were dropped, not kept reading")
                    .isZero();
        }
    }

    @Test
    void theTotalLimitEndsTheRetriesOfOneRequest() {
        server.on("/slow", Reply.ok("late").delayed(10_000));
        HttpFetcher http = fetcher(Duration.ofMillis(1000), Duration.ofMillis(2500), 1024, 30, List.of());
        long start = System.nanoTime();

        assertThatThrownBy(() -> http.get(server.uri("/slow"), Map.of()))
                .hasMessageContaining("total limit of 2500 ms")
                .hasCauseInstanceOf(HttpTimeoutException.class);

        Duration took = Duration.ofNanos(System.nanoTime() - start);
        // 31 attempts of a second each without the total limit; the waits between them are not slept here.
        assertThat(took).isGreaterThanOrEqualTo(Duration.ofMillis(2400)).isLessThan(Duration.ofSeconds(20));
        assertThat(server.requests()).hasSizeLessThanOrEqualTo(3);
    }

    @Test
    void redirectsAreFollowedWithinTheOrigin() throws Exception {
        server.on("/old", Reply.status(301).withHeader("Location", "/new?page=1"));
        server.on("/new", Reply.ok("{\"moved\":true}"));
        HttpFetcher http = fetcher(Duration.ofSeconds(5), 1024, 0);

        assertThat(http.get(server.uri("/old"), Map.of()).text()).isEqualTo("{\"moved\":true}");
        assertThat(server.requests()).containsExactly("/old", "/new?page=1");
    }

    @Test
    void aRedirectToAnotherHostIsRefusedAndNotFetched() throws Exception {
        try (FixtureHttpServer elsewhere = new FixtureHttpServer()) {
            elsewhere.on("/latest/meta-data", Reply.ok("secret"));
            server.on(
                    "/prices",
                    Reply.status(302)
                            .withHeader(
                                    "Location",
                                    elsewhere.uri("/latest/meta-data").toString()));
            HttpFetcher http = fetcher(Duration.ofSeconds(5), 1024, 3);

            assertThatThrownBy(() -> http.get(server.uri("/prices"), Map.of()))
                    .isInstanceOf(RefusedLinkException.class)
                    .hasMessageContaining("not followed")
                    .satisfies(e -> {
                        Rejection r = ((RefusedLinkException) e).toRejection("test");
                        assertThat(r.reason()).isEqualTo(RejectReason.REFUSED_LINK);
                        assertThat(r.rawExcerpt())
                                .isEqualTo(elsewhere.uri("/latest/meta-data").toString());
                        assertThat(r.location()).endsWith("/prices");
                    });
            assertThat(elsewhere.requests()).as("the other host got nothing").isEmpty();
            assertThat(server.requests()).as("not retried").hasSize(1);
        }
    }

    @Test
    void aRedirectToAnAllowedOriginIsFollowed() throws Exception {
        try (FixtureHttpServer mirror = new FixtureHttpServer()) {
            mirror.on("/prices", Reply.ok("{\"mirror\":1}"));
            server.on(
                    "/prices",
                    Reply.status(307)
                            .withHeader("Location", mirror.uri("/prices").toString()));
            HttpFetcher http =
                    fetcher(Duration.ofSeconds(5), Duration.ofMinutes(1), 1024, 0, List.of(origin(mirror.uri("/"))));

            assertThat(http.get(server.uri("/prices"), Map.of()).text()).isEqualTo("{\"mirror\":1}");
            assertThat(mirror.requests()).containsExactly("/prices");
        }
    }
}
