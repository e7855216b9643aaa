package dev.gpuarb.streams.time;

import dev.gpuarb.vocab.FutureEventTimes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * The one rule for event times from the future. Kafka brokers refuse records more than
 * {@code log.message.timestamp.after.max.ms} (1 h by default) ahead of their clock, and Kafka Streams
 * stamps every changelog and repartition record with the event time of its input: a price dated
 * tomorrow would make a write fail, and the same input would fail again after every restart.
 * So inputs dated more than a skew ahead of the wall clock are refused by the validators, and no
 * record in the topology is stamped later than the wall clock plus that skew.
 */
public final class EventTimes {

    private EventTimes() {}

    /** True when {@code eventTime} is more than {@code maxSkew} after the clock's now. */
    public static boolean tooFarAhead(Instant eventTime, Clock clock, Duration maxSkew) {
        return FutureEventTimes.tooFarAhead(eventTime, clock.instant(), maxSkew);
    }

    /** The timestamp to stamp a record with: the event time, but never later than now plus the skew. */
    public static long capped(long eventTimeMs, long nowMs, long maxSkewMs) {
        return Math.min(eventTimeMs, nowMs + maxSkewMs);
    }

    public static String describe(Instant eventTime, Clock clock, Duration maxSkew) {
        return eventTime + " is more than " + maxSkew.toSeconds() + " s ahead of the clock (" + clock.instant()
                + "); check the source's clock and time zone";
    }
}
