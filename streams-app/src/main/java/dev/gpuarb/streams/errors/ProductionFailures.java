package dev.gpuarb.streams.errors;

import dev.gpuarb.avro.RejectedRecord;
import dev.gpuarb.serde.AvroSerde;
import dev.gpuarb.topics.Topic;
import dev.gpuarb.vocab.RejectReason;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.InvalidTimestampException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProductionExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What to do when Kafka refuses a record the topology writes (too large, timestamp outside the
 * topic's limits). A refusal that can be skipped is logged with the input that caused it, reported on
 * {@code prices.rejected} with reason {@code OUTPUT_REFUSED}, and processing goes on: under
 * at-least-once any refusal; under exactly-once a record over the producer's {@code max.request.size},
 * which {@link SizeCheckedProducer} refuses before it can touch the transaction. A skipped changelog
 * record leaves the store ahead of its changelog until the key is written again (a restore brings back
 * the value before it).
 *
 * <p>Under exactly-once a refusal by the broker (the topic's {@code max.message.bytes} or timestamp
 * limits) has already put the producer's transaction into an error state that only an abort clears,
 * so the thread fails here at once, with a log line naming the setting to change, and the application
 * stops (after a restart it meets the same input). A report would be aborted with the transaction, and
 * sending it from the producer's network thread, where Kafka calls this handler with a broker's answer,
 * can hold that thread for {@code max.block.ms} waiting for the report topic's metadata. The validators
 * and the timestamp cap exist so that no input gets that far (see EventTimes). Any other failure
 * fails, as Kafka Streams does by default.
 */
public final class ProductionFailures implements ProductionExceptionHandler {

    private static final Logger LOG = LoggerFactory.getLogger(ProductionFailures.class);
    public static final String SOURCE = "streams.output";

    private Serializer<RejectedRecord> rejected;
    private String rejectedTopic = Topic.REJECTED.topicName();
    private boolean exactlyOnce;

    @Override
    public void configure(Map<String, ?> configs) {
        exactlyOnce = String.valueOf(configs.get(StreamsConfig.PROCESSING_GUARANTEE_CONFIG))
                .startsWith("exactly_once");
        AvroSerde<RejectedRecord> serde = AvroSerde.specific(RejectedRecord.class);
        serde.configure(configs, false);
        rejected = serde.serializer();
    }

    @Override
    public Response handleError(
            ErrorHandlerContext context, ProducerRecord<byte[], byte[]> record, Exception exception) {
        if (!(exception instanceof RecordTooLargeException || exception instanceof InvalidTimestampException)) {
            return Response.fail();
        }
        String input = context.topic() + "-" + context.partition() + "@" + context.offset();
        if (exactlyOnce && !(exception instanceof SizeCheckedProducer.RefusedBeforeSend)) {
            String remedy = exception instanceof InvalidTimestampException
                    ? "widen the topic's message.timestamp.before.max.ms / message.timestamp.after.max.ms"
                    : "raise the topic's max.message.bytes, or set the producer's max.request.size no larger than it "
                            + "so that such a record is reported on " + rejectedTopic + " and skipped";
            LOG.error(
                    "Kafka refused a record for {} (timestamp {}, {} bytes) written by {} for input {}: {}; under "
                            + "exactly-once that aborts the transaction, so the application stops, and it meets the same "
                            + "input after a restart: {}",
                    record.topic(),
                    record.timestamp(),
                    size(record),
                    context.processorNodeId(),
                    input,
                    exception.toString(),
                    remedy);
            return Response.fail();
        }
        LOG.error(
                "Kafka refused a record for {} (timestamp {}, {} bytes) written by {} for input {}: {}; it is skipped "
                        + "and reported on {}",
                record.topic(),
                record.timestamp(),
                size(record),
                context.processorNodeId(),
                input,
                exception.toString(),
                rejectedTopic);
        if (record.topic().equals(rejectedTopic) || rejected == null) {
            return Response.resume(); // never report a refused report: that could refuse again
        }
        RejectedRecord report = RejectedRecord.newBuilder()
                .setSource(SOURCE)
                .setReason(RejectReason.OUTPUT_REFUSED.name())
                .setDetail("Kafka refused the record for " + record.topic() + ": " + exception.getMessage())
                .setRawExcerpt(
                        "input " + input + ", output timestamp " + record.timestamp() + ", " + size(record) + " bytes")
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
        return Response.resume(List.of(
                new ProducerRecord<>(rejectedTopic, null, null, SOURCE.getBytes(StandardCharsets.UTF_8), value)));
    }

    private static int size(ProducerRecord<byte[], byte[]> record) {
        return (record.key() == null ? 0 : record.key().length) + (record.value() == null ? 0 : record.value().length);
    }
}
