package dev.gpuarb.connectors.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BackoffTest {

    @Test
    void ceilingDoublesUpToTheMaximumAndDelaysStayBelowIt() {
        Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofMillis(1000), new Random(1));
        assertThat(backoff.ceilingMillis(0)).isEqualTo(100);
        assertThat(backoff.ceilingMillis(1)).isEqualTo(200);
        assertThat(backoff.ceilingMillis(3)).isEqualTo(800);
        assertThat(backoff.ceilingMillis(4)).isEqualTo(1000);
        assertThat(backoff.ceilingMillis(40)).isEqualTo(1000);
        for (int i = 0; i < 20; i++) {
            long ceiling = backoff.ceilingMillis(i);
            assertThat(backoff.nextDelay().toMillis()).isBetween(0L, ceiling);
        }
        assertThat(backoff.failures()).isEqualTo(20);
        backoff.reset();
        assertThat(backoff.failures()).isZero();
    }

    @Test
    void jitterSpreadsDelays() {
        Backoff backoff = new Backoff(Duration.ofSeconds(10), Duration.ofSeconds(10), new Random(3));
        long distinct = java.util.stream.IntStream.range(0, 20)
                .mapToObj(i -> backoff.nextDelay())
                .distinct()
                .count();
        assertThat(distinct).isGreaterThan(10);
    }

    @Test
    void rateLimiterSpacesRequests() throws InterruptedException {
        RecordingSleeper sleeper = new RecordingSleeper();
        Clock frozen = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);
        RateLimiter limiter = new RateLimiter(4.0, frozen, sleeper);
        assertThat(limiter.acquire()).isZero();
        assertThat(limiter.acquire()).isEqualTo(Duration.ofMillis(250));
        assertThat(sleeper.waits()).containsExactly(Duration.ofMillis(250));
    }
}
