package dev.gpuarb.vocab;

import java.time.Duration;
import java.time.Instant;

/**
 * The one rule for times from the future, shared by the connectors, the Streams app and the CLI:
 * an input dated more than a skew after the clock is refused. Kafka brokers refuse record times
 * an hour ahead of their clock by default, so the skew stays well below that.
 */
public final class FutureEventTimes {

    /** Room for clocks that differ between hosts. */
    public static final Duration DEFAULT_MAX_SKEW = Duration.ofMinutes(5);
    /** The largest skew a setting may allow. */
    public static final Duration MAX_SKEW = Duration.ofMinutes(30);

    private FutureEventTimes() {}

    /** True when {@code time} is more than {@code maxSkew} after {@code now}. */
    public static boolean tooFarAhead(Instant time, Instant now, Duration maxSkew) {
        return time != null && time.isAfter(now.plus(maxSkew));
    }
}
