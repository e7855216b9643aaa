package dev.gpuarb.connectors.core;

import dev.gpuarb.vocab.FutureEventTimes;
import dev.gpuarb.vocab.PriceRules;
import dev.gpuarb.vocab.RejectReason;
import java.time.Duration;
import java.time.Instant;

/**
 * Ceilings above which a price is taken for an error rather than a market price, and how far
 * ahead of the clock a price may be dated.
 *
 * @param maxUsdPerGpuHour above this a USD price per GPU-hour is an error (default {@link PriceRules#DEFAULT_MAX_USD_PER_GPU_HOUR})
 * @param maxUsdPerMillionTokens the same per million tokens (default {@link PriceRules#DEFAULT_MAX_USD_PER_MILLION_TOKENS})
 * @param maxFutureSkew a price dated further ahead of the wall clock is a clock or time zone error;
 *                      Kafka brokers refuse timestamps an hour ahead, and downstream windows would be wrong
 */
public record PriceLimits(double maxUsdPerGpuHour, double maxUsdPerMillionTokens, Duration maxFutureSkew) {

    public static final double DEFAULT_MAX_USD_PER_GPU_HOUR = PriceRules.DEFAULT_MAX_USD_PER_GPU_HOUR;
    public static final double DEFAULT_MAX_USD_PER_MILLION_TOKENS = PriceRules.DEFAULT_MAX_USD_PER_MILLION_TOKENS;
    public static final long DEFAULT_MAX_FUTURE_SKEW_MS = FutureEventTimes.DEFAULT_MAX_SKEW.toMillis();

    public static PriceLimits defaults() {
        return new PriceLimits(
                DEFAULT_MAX_USD_PER_GPU_HOUR,
                DEFAULT_MAX_USD_PER_MILLION_TOKENS,
                Duration.ofMillis(DEFAULT_MAX_FUTURE_SKEW_MS));
    }

    /** A failed check when {@code observedAt} is further ahead of now than the skew allows. */
    Checked<Double> checkNotInFuture(Instant observedAt) {
        if (FutureEventTimes.tooFarAhead(observedAt, Instant.now(), maxFutureSkew)) {
            return Checked.failed(
                    RejectReason.FUTURE_TIMESTAMP,
                    "observed at " + observedAt + ", more than " + maxFutureSkew.toSeconds()
                            + " s ahead of the clock; check the source's clock and time zone");
        }
        return Checked.ok(0.0);
    }
}
