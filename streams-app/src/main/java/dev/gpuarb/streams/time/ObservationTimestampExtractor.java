package dev.gpuarb.streams.time;

import dev.gpuarb.avro.EndpointLatencySummary;
import dev.gpuarb.avro.EndpointObservation;
import dev.gpuarb.avro.GpuPriceObservation;
import dev.gpuarb.avro.RoutePolicy;
import dev.gpuarb.avro.TokenPriceObservation;
import dev.gpuarb.vocab.FutureEventTimes;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.Configurable;
import org.apache.kafka.streams.processor.TimestampExtractor;

/**
 * Event time is when a price took effect or a request completed, not when Kafka received it:
 * replays and late connector batches then land in the windows they belong to.
 * Records of other types (repartition and changelog values) keep the timestamp Kafka Streams
 * already propagated, which is the event time of the input that produced them.
 *
 * <p>No timestamp is later than the wall clock plus {@link #MAX_FUTURE_SKEW_MS_CONFIG}: the
 * validators refuse such inputs, and the cap keeps their rejection (and any other record derived
 * from them) writable, since brokers refuse timestamps too far ahead (see {@link EventTimes}).
 * Inputs dated within the skew keep their event time exactly, so replays stay deterministic.
 */
public final class ObservationTimestampExtractor implements TimestampExtractor, Configurable {

    /** Set by StreamsConfigFactory from gpuarb.validate.max.future.skew.ms. */
    public static final String MAX_FUTURE_SKEW_MS_CONFIG = "gpuarb.timestamp.max.future.skew.ms";

    static final long DEFAULT_MAX_FUTURE_SKEW_MS = FutureEventTimes.DEFAULT_MAX_SKEW.toMillis();

    private final Clock clock;
    private long maxFutureSkewMs = DEFAULT_MAX_FUTURE_SKEW_MS;

    public ObservationTimestampExtractor() {
        this(Clock.systemUTC());
    }

    ObservationTimestampExtractor(Clock clock) {
        this.clock = clock;
    }

    @Override
    public void configure(Map<String, ?> configs) {
        Object skew = configs.get(MAX_FUTURE_SKEW_MS_CONFIG);
        if (skew != null) {
            maxFutureSkewMs = Long.parseLong(skew.toString().trim());
        }
    }

    @Override
    public long extract(ConsumerRecord<Object, Object> record, long partitionTime) {
        return EventTimes.capped(uncapped(record, partitionTime), clock.millis(), maxFutureSkewMs);
    }

    private static long uncapped(ConsumerRecord<Object, Object> record, long partitionTime) {
        Instant eventTime = eventTime(record.value());
        if (eventTime != null && eventTime.toEpochMilli() >= 0) {
            return eventTime.toEpochMilli();
        }
        // A record without a usable time falls back to the latest time of its partition instead of being dropped.
        return record.timestamp() >= 0 ? record.timestamp() : Math.max(partitionTime, 0);
    }

    static Instant eventTime(Object value) {
        if (value instanceof GpuPriceObservation gpu) {
            return gpu.getObservedAt();
        }
        if (value instanceof TokenPriceObservation token) {
            return token.getObservedAt();
        }
        if (value instanceof EndpointObservation observation) {
            return observation.getAt();
        }
        if (value instanceof RoutePolicy policy) {
            return policy.getUpdatedAt();
        }
        if (value instanceof EndpointLatencySummary summary) {
            return summary.getWindowEnd();
        }
        return null;
    }
}
