package dev.gpuarb.streams.time;

import static dev.gpuarb.streams.Fixtures.gpu;
import static dev.gpuarb.streams.Fixtures.minutes;
import static dev.gpuarb.streams.Fixtures.request;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gpuarb.avro.PricingModel;
import dev.gpuarb.avro.RequestStatus;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

class ObservationTimestampExtractorTest {

    private final ObservationTimestampExtractor extractor = new ObservationTimestampExtractor();

    private static ConsumerRecord<Object, Object> record(Object value, long kafkaTimestamp) {
        return new ConsumerRecord<>(
                "t",
                0,
                0,
                kafkaTimestamp,
                org.apache.kafka.common.record.TimestampType.CREATE_TIME,
                0,
                0,
                "k",
                value,
                new org.apache.kafka.common.header.internals.RecordHeaders(),
                java.util.Optional.empty());
    }

    @Test
    void pricesUseWhenThePriceWasObservedNotWhenKafkaGotIt() {
        var o = gpu("aws", "us-east-1", PricingModel.SPOT, 1, minutes(5)).build();
        assertThat(extractor.extract(record(o, 999_999_999_999L), 0))
                .isEqualTo(minutes(5).toEpochMilli());
    }

    @Test
    void requestsUseTheirCompletionTime() {
        var r = request("e", 10, RequestStatus.OK, minutes(7));
        assertThat(extractor.extract(record(r, 1L), 0)).isEqualTo(minutes(7).toEpochMilli());
    }

    @Test
    void otherValuesKeepTheRecordTimestampOrFallBackToPartitionTime() {
        assertThat(extractor.extract(record("internal", 1234L), 99L)).isEqualTo(1234L);
        assertThat(extractor.extract(record(null, -1L), 99L)).isEqualTo(99L);
    }

    @Test
    void noTimestampIsLaterThanTheClockPlusTheSkew() {
        java.time.Instant now = java.time.Instant.parse("2026-12-04T12:00:00Z");
        ObservationTimestampExtractor capped =
                new ObservationTimestampExtractor(java.time.Clock.fixed(now, java.time.ZoneOffset.UTC));
        capped.configure(java.util.Map.of(ObservationTimestampExtractor.MAX_FUTURE_SKEW_MS_CONFIG, "60000"));
        long limit = now.toEpochMilli() + 60_000;

        var future = gpu("aws", "us-east-1", PricingModel.SPOT, 1, now.plusSeconds(3 * 3600))
                .build();
        assertThat(capped.extract(record(future, 0L), 0)).isEqualTo(limit);
        assertThat(capped.extract(record("internal", now.toEpochMilli() + 7_200_000L), 0))
                .isEqualTo(limit);
        // Within the skew, event time is kept exactly (replays stay deterministic).
        var soon = gpu("aws", "us-east-1", PricingModel.SPOT, 1, now.plusSeconds(30))
                .build();
        assertThat(capped.extract(record(soon, 0L), 0)).isEqualTo(now.toEpochMilli() + 30_000);
    }
}
