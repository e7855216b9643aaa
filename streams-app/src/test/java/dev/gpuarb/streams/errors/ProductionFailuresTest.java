package dev.gpuarb.streams.errors;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gpuarb.avro.RejectedRecord;
import dev.gpuarb.registry.InMemorySchemaRegistry;
import dev.gpuarb.serde.AvroSerde;
import dev.gpuarb.topics.Topic;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.InvalidTimestampException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.errors.ProductionExceptionHandler.Response;
import org.apache.kafka.streams.errors.ProductionExceptionHandler.Result;
import org.apache.kafka.streams.errors.internals.DefaultErrorHandlerContext;
import org.apache.kafka.streams.processor.TaskId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A record Kafka refuses is reported with the input that caused it; other failures still fail. */
class ProductionFailuresTest {

    private final String scope = "production-failures-" + UUID.randomUUID();

    @AfterEach
    void drop() {
        InMemorySchemaRegistry.dropScope(scope);
    }

    private ProductionFailures handler() {
        ProductionFailures handler = new ProductionFailures();
        handler.configure(Map.of("schema.registry.url", "mock://" + scope));
        return handler;
    }

    private ProductionFailures exactlyOnceHandler() {
        ProductionFailures handler = new ProductionFailures();
        handler.configure(Map.of("schema.registry.url", "mock://" + scope, "processing.guarantee", "exactly_once_v2"));
        return handler;
    }

    private static DefaultErrorHandlerContext input() {
        return new DefaultErrorHandlerContext(
                null,
                "prices.gpu",
                2,
                41L,
                new RecordHeaders(),
                "gpu-validate",
                new TaskId(0, 2),
                1_700_000_000_000L,
                null,
                null);
    }

    @Test
    void aRefusedRecordIsSkippedAndReportedWithItsInput() {
        ProducerRecord<byte[], byte[]> refused = new ProducerRecord<>(
                "gpuarb-streams-offers-gpu-latest-changelog", 0, 4_000_000_000_000L, new byte[] {1}, new byte[100]);
        for (Exception e : new Exception[] {
            new InvalidTimestampException("timestamp out of range"), new RecordTooLargeException("too large")
        }) {
            Response response = handler().handleError(input(), refused, e);

            assertThat(response.result()).isEqualTo(Result.RESUME);
            assertThat(response.deadLetterQueueRecords()).hasSize(1);
            ProducerRecord<byte[], byte[]> report =
                    response.deadLetterQueueRecords().get(0);
            assertThat(report.topic()).isEqualTo(Topic.REJECTED.topicName());
            AvroSerde<RejectedRecord> serde = AvroSerde.specific(RejectedRecord.class);
            serde.configure(Map.of("schema.registry.url", "mock://" + scope), false);
            RejectedRecord value = serde.deserializer().deserialize(report.topic(), report.value());
            assertThat(value.getReason()).isEqualTo("OUTPUT_REFUSED");
            assertThat(value.getLocation()).isEqualTo("prices.gpu-2@41");
            assertThat(value.getDetail()).contains("gpuarb-streams-offers-gpu-latest-changelog");
            // Stamped with the input's time, never the refused record's far-future one.
            assertThat(value.getRejectedAt().toEpochMilli()).isEqualTo(1_700_000_000_000L);
        }
    }

    @Test
    void aRefusedReportIsNotReportedAgainAndOtherFailuresFail() {
        ProducerRecord<byte[], byte[]> report =
                new ProducerRecord<>(Topic.REJECTED.topicName(), new byte[1], new byte[1]);
        Response again = handler().handleError(input(), report, new RecordTooLargeException("too large"));
        assertThat(again.result()).isEqualTo(Result.RESUME);
        assertThat(again.deadLetterQueueRecords()).isEmpty();

        ProducerRecord<byte[], byte[]> any = new ProducerRecord<>("routes.updates", new byte[1], new byte[1]);
        assertThat(handler()
                        .handleError(input(), any, new UnknownTopicOrPartitionException("gone"))
                        .result())
                .isEqualTo(Result.FAIL);
    }

    @Test
    void underExactlyOnceOnlyARecordRefusedBeforeTheTransactionIsSkipped() {
        ProducerRecord<byte[], byte[]> refused = new ProducerRecord<>("routes.updates", new byte[1], new byte[100]);
        // The broker's refusals: the transaction is already in error, a report would be aborted with it.
        for (Exception e : new Exception[] {
            new InvalidTimestampException("timestamp out of range"), new RecordTooLargeException("too large")
        }) {
            Response response = exactlyOnceHandler().handleError(input(), refused, e);
            assertThat(response.result()).isEqualTo(Result.FAIL);
            assertThat(response.deadLetterQueueRecords()).isEmpty();
        }
        Response skipped = exactlyOnceHandler()
                .handleError(input(), refused, new SizeCheckedProducer.RefusedBeforeSend("over max.request.size"));
        assertThat(skipped.result()).isEqualTo(Result.RESUME);
        assertThat(skipped.deadLetterQueueRecords())
                .singleElement()
                .satisfies(report -> assertThat(report.topic()).isEqualTo(Topic.REJECTED.topicName()));
    }
}
