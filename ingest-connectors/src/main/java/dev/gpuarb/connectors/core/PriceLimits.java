package dev.gpuarb.connectors.core;

import dev.gpuarb.vocab.RejectReason;
import dev.gpuarb.vocab.FutureEventTimes;
import java.time.Duration;
import java.time.Instant;

/**
 * Ceilings above which a price is taken for an error rather than a market price, and how far
 * ahead of the clock a price may be dated.
 *
 * @param maxUsdPerGpuHour the dearest GPU-hour on sale is far below this (8x B200 is about $10 per GPU-hour)
 * @param maxUsdPerMillionTokens the dearest models list a few hundred dollars per million output tokens
 * @param maxFutureSkew a price dated further ahead of the wall clock is a clock or time zone error;
 *                      Kafka brokers refuse timestamps an hour ahead, and downstream windows would be wrong
 */
public record PriceLimits(double maxUsdPerGpuHour, double maxUsdPerMillionTokens, Duration maxFutureSkew) {

    public static final double DEFAULT_MAX_USD_PER_GPU_HOUR = 200.0;
    public static final double DEFAULT_MAX_USD_PER_MILLION_TOKENS = 2000.0;
    public static final long DEFAULT_MAX_FUTURE_SKEW_MS = FutureEventTimes.DEFAULT_MAX_SKEW.toMillis();

    public static PriceLimits defaults() {
        return new PriceLimits(DEFAULT_MAX_USD_PER_GPU_HOUR, DEFAULT_MAX_USD_PER_MILLION_TOKENS,
                Duration.ofMillis(DEFAULT_MAX_FUTURE_SKEW_MS));
    }

    /** A failed check when {@code observedAt} is further ahead of now than the skew allows. */
    Checked<Double> checkNotInFuture(Instant observedAt) {
        if (FutureEventTimes.tooFarAhead(observedAt, Instant.now(), maxFutureSkew)) {
            return Checked.failed(RejectReason.FUTURE_TIMESTAMP, "observed at " + observedAt + ", more than "
                    + maxFutureSkew.toSeconds() + " s ahead of the clock; check the source's clock and time zone");
        }
        return Checked.ok(0.0);
    }
}
