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
        return new ConsumerRecord<>("t", 0, 0, kafkaTimestamp, org.apache.kafka.common.record.TimestampType.CREATE_TIME,
                0, 0, "k", value, new org.apache.kafka.common.header.internals.RecordHeaders(), java.util.Optional.empty());
    }

    @Test
    void pricesUseWhenThePriceWasObservedNotWhenKafkaGotIt() {
        var o = gpu("aws", "us-east-1", PricingModel.SPOT, 1, minutes(5)).build();
        assertThat(extractor.extract(record(o, 999_999_999_999L), 0)).isEqualTo(minutes(5).toEpochMilli());
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
}
