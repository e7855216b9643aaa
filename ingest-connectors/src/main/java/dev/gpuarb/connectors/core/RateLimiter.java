package dev.gpuarb.connectors.core;

import java.time.Clock;
import java.time.Duration;

/**
 * Spaces requests at least {@code 1 / permitsPerSecond} apart. Providers publish request-rate
 * limits; spacing (rather than bursts) keeps a paging scan well inside them.
 */
public final class RateLimiter {

    private final long spacingNanos;
    private final Clock clock;
    private final Sleeper sleeper;
    private long nextFreeNanos = Long.MIN_VALUE;

    /** @param permitsPerSecond 0 or less for no limit */
    public RateLimiter(double permitsPerSecond, Clock clock, Sleeper sleeper) {
        this.spacingNanos = permitsPerSecond <= 0 ? 0 : (long) (1_000_000_000L / permitsPerSecond);
        this.clock = clock;
        this.sleeper = sleeper;
    }

    /** Waits until a request may go, and books the slot. Returns how long it waited. */
    public synchronized Duration acquire() throws InterruptedException {
        if (spacingNanos == 0) {
            return Duration.ZERO;
        }
        long now = nowNanos();
        Duration waited = Duration.ZERO;
        if (nextFreeNanos != Long.MIN_VALUE && now < nextFreeNanos) {
            waited = Duration.ofNanos(nextFreeNanos - now);
            sleeper.sleep(waited);
            now = nextFreeNanos;
        }
        nextFreeNanos = now + spacingNanos;
        return waited;
    }

    private long nowNanos() {
        var instant = clock.instant();
        return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
    }
}
