package dev.gpuarb.streams.errors;

import dev.gpuarb.vocab.RejectReason;

import dev.gpuarb.avro.RejectedRecord;
import dev.gpuarb.serde.AvroSerde;
import dev.gpuarb.streams.validate.Rejection;
import dev.gpuarb.topics.Topic;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.InvalidTimestampException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProductionExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What to do when Kafka refuses a record the topology writes. A refusal of that one record (too
 * large, timestamp outside the topic's limits) is logged with the input that caused it and sent to
 * {@code prices.rejected} with reason {@code OUTPUT_REFUSED}, and processing goes on: under
 * at-least-once the record is skipped. Under exactly-once the broker's refusal also aborts the open
 * transaction, so the stream thread fails and the application stops with that error (it would meet
 * the same record after a restart); the validators and the timestamp cap exist so that no input can
 * get that far (see EventTimes). Any other failure fails, as Kafka Streams does by default.
 */
public final class ProductionFailures implements ProductionExceptionHandler {

    private static final Logger LOG = LoggerFactory.getLogger(ProductionFailures.class);
    public static final String SOURCE = "streams.output";

    private Serializer<RejectedRecord> rejected;
    private String rejectedTopic = Topic.REJECTED.topicName();

    @Override
    public void configure(Map<String, ?> configs) {
        AvroSerde<RejectedRecord> serde = AvroSerde.specific(RejectedRecord.class);
        serde.configure(configs, false);
        rejected = serde.serializer();
    }

    @Override
    public Response handleError(ErrorHandlerContext context, ProducerRecord<byte[], byte[]> record, Exception exception) {
        if (!(exception instanceof RecordTooLargeException || exception instanceof InvalidTimestampException)) {
            return Response.fail();
        }
        String input = context.topic() + "-" + context.partition() + "@" + context.offset();
        LOG.error("Kafka refused a record for {} (timestamp {}, {} bytes) written by {} for input {}: {}; it is skipped "
                        + "and reported on {}", record.topic(), record.timestamp(), size(record), context.processorNodeId(),
                input, exception.toString(), rejectedTopic);
        if (record.topic().equals(rejectedTopic) || rejected == null) {
            return Response.resume(); // never report a refused report: that could refuse again
        }
        RejectedRecord report = RejectedRecord.newBuilder()
                .setSource(SOURCE)
                .setReason(RejectReason.OUTPUT_REFUSED.name())
                .setDetail("Kafka refused the record for " + record.topic() + ": " + exception.getMessage())
                .setRawExcerpt("input " + input + ", output timestamp " + record.timestamp() + ", " + size(record) + " bytes")
                .setLocation(input)
                .setRejectedAt(Instant.ofEpochMilli(Math.min(context.timestamp(), System.currentTimeMillis())))
                .build();
        byte[] value;
        try {
            value = rejected.serialize(rejectedTopic, report);
        } catch (RuntimeException e) {
            LOG.error("Could not encode the report of the refused record (it is in this log only): {}", e.toString());
            return Response.resume();
        }
        return Response.resume(List.of(new ProducerRecord<>(rejectedTopic, null, null,
                SOURCE.getBytes(StandardCharsets.UTF_8), value)));
    }

    private static int size(ProducerRecord<byte[], byte[]> record) {
        return (record.key() == null ? 0 : record.key().length) + (record.value() == null ? 0 : record.value().length);
    }
}
