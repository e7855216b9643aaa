package dev.gpuarb.streams.time;

import dev.gpuarb.avro.EndpointLatencySummary;
import dev.gpuarb.avro.EndpointObservation;
import dev.gpuarb.avro.GpuPriceObservation;
import dev.gpuarb.avro.RoutePolicy;
import dev.gpuarb.avro.TokenPriceObservation;
import java.time.Instant;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.processor.TimestampExtractor;

/**
 * Event time is when a price took effect or a request completed, not when Kafka received it:
 * replays and late connector batches then land in the windows they belong to.
 * Records of other types (repartition and changelog values) keep the timestamp Kafka Streams
 * already propagated, which is the event time of the input that produced them.
 */
public final class ObservationTimestampExtractor implements TimestampExtractor {

    @Override
    public long extract(ConsumerRecord<Object, Object> record, long partitionTime) {
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
