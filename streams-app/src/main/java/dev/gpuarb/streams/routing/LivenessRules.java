package dev.gpuarb.streams.routing;

import java.time.Duration;

/**
 * How the route engine ages what it knows, by the wall clock: offers expire at their validUntil (a
 * wall-clock deadline their source set), latency summaries go stale {@code latencyMaxAge} after their
 * window ended, and offers that expired or were withdrawn are forgotten {@code goneRetention} later.
 *
 * @param checkInterval how often, between inputs, the engine looks for what has aged
 * @param latencyMaxAge zero: latency never goes stale
 * @param goneRetention how long an offer that is gone still explains a NO_ROUTE; zero forgets it at once
 */
public record LivenessRules(Duration checkInterval, Duration latencyMaxAge, Duration goneRetention) {

    public static final LivenessRules DEFAULTS =
            new LivenessRules(Duration.ofSeconds(1), Duration.ofMinutes(15), Duration.ofDays(1));

    /** When the summary stops counting as a measurement; Long.MAX_VALUE when latency never goes stale. */
    public long latencyStaleAfter(LatestLatency latency) {
        return latencyMaxAge.isZero() ? Long.MAX_VALUE : saturatedAdd(latency.windowEnd(), latencyMaxAge.toMillis());
    }

    public boolean latencyStaleAt(LatestLatency latency, long now) {
        return latencyStaleAfter(latency) < now;
    }

    /** When a gone offer is forgotten. */
    public long forgetAfter(OfferSnapshot gone) {
        return saturatedAdd(gone.goneAt(), goneRetention.toMillis());
    }

    private static long saturatedAdd(long a, long b) {
        long sum = a + b;
        return ((a ^ sum) & (b ^ sum)) < 0 ? Long.MAX_VALUE : sum;
    }
}
