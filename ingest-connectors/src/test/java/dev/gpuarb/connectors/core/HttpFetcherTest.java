package dev.gpuarb.connectors.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gpuarb.connectors.core.FixtureHttpServer.Reply;
import java.io.IOException;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
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
        HttpSettings settings = new HttpSettings(timeout, maxBytes, retries, Duration.ofMillis(100),
                Duration.ofSeconds(5), 0);
        return new HttpFetcher(settings, sleeper, new Random(7), Clock.systemUTC());
    }

    @Test
    void retriesServerErrorsAndRateLimitsThenSucceeds() throws Exception {
        server.on("/prices", Reply.status(503), Reply.status(429).withHeader("Retry-After", "2"), Reply.ok("{\"ok\":1}"));
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
                .isInstanceOf(IOException.class).hasMessageContaining("after 3 attempts")
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
}
