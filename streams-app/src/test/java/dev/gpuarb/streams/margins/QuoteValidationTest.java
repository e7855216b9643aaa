package dev.gpuarb.streams.margins;

import static dev.gpuarb.streams.Fixtures.minutes;
import static dev.gpuarb.streams.Fixtures.tokenPolicy;
import static dev.gpuarb.streams.Fixtures.tokens;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gpuarb.avro.MarginEvent;
import dev.gpuarb.avro.RejectedRecord;
import dev.gpuarb.avro.TaskQuote;
import dev.gpuarb.serde.AvroSerde;
import dev.gpuarb.streams.Pipeline;
import dev.gpuarb.topics.Topic;
import dev.gpuarb.vocab.RejectReason;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Task quotes with numbers that cannot be priced, through the production topology: each goes to
 * prices.rejected with its reason and produces no margin, while a sound quote next to them is priced.
 */
class QuoteValidationTest {

    private Pipeline p;
    private TestInputTopic<String, TaskQuote> quotes;
    private TestOutputTopic<String, MarginEvent> margins;

    @BeforeEach
    void start() throws Exception {
        p = Pipeline.start();
        AvroSerde<TaskQuote> quoteSerde = AvroSerde.specific(TaskQuote.class);
        quoteSerde.configure(p.config.asMap(), false);
        AvroSerde<MarginEvent> marginSerde = AvroSerde.specific(MarginEvent.class);
        marginSerde.configure(p.config.asMap(), false);
        quotes = p.driver.createInputTopic(
                Topic.TASK_QUOTES.topicName(), p.serdes.key().serializer(), quoteSerde.serializer());
        margins = p.driver.createOutputTopic(
                Topic.TASK_MARGINS.topicName(), p.serdes.key().deserializer(), marginSerde.deserializer());
    }

    @AfterEach
    void stop() {
        p.close();
    }

    private static TaskQuote quote(String taskType, UnaryOperator<TaskQuote.Builder> change) {
        return change.apply(TaskQuote.newBuilder()
                        .setQuoteId(taskType + "-q")
                        .setTaskType(taskType)
                        .setRouteId("chat")
                        .setOfferedUsd(0.02)
                        .setInputTokens(1500)
                        .setOutputTokens(500)
                        .setMinMarginPct(10)
                        .setQuotedAt(minutes(3)))
                .build();
    }

    @Test
    void quotesThatCannotBePricedAreRejectedWithTheirReason() {
        p.send(tokens("openai", "gpt-4o", null, 2.5, 10.0, minutes(0)).build());
        p.send(tokenPolicy("chat", "gpt-4o", minutes(1)).build());
        Map<TaskQuote, RejectReason> bad = new LinkedHashMap<>();
        bad.put(quote("nan-offer", b -> b.setOfferedUsd(Double.NaN)), RejectReason.NON_FINITE_QUOTE);
        bad.put(quote("inf-gpu", b -> b.setGpuSeconds(Double.POSITIVE_INFINITY)), RejectReason.NON_FINITE_QUOTE);
        bad.put(quote("nan-margin", b -> b.setMinMarginPct(Double.NaN)), RejectReason.NON_FINITE_QUOTE);
        bad.put(quote("huge-offer", b -> b.setOfferedUsd(1e308)), RejectReason.QUOTE_OUT_OF_RANGE);
        bad.put(quote("negative-offer", b -> b.setOfferedUsd(-1)), RejectReason.QUOTE_OUT_OF_RANGE);
        bad.put(quote("negative-tokens", b -> b.setInputTokens(-5)), RejectReason.QUOTE_OUT_OF_RANGE);
        bad.put(quote("absurd-tokens", b -> b.setOutputTokens(Long.MAX_VALUE)), RejectReason.QUOTE_OUT_OF_RANGE);
        bad.put(quote("huge-gpu", b -> b.setGpuSeconds(1e308)), RejectReason.QUOTE_OUT_OF_RANGE);
        bad.put(quote("margin-over-100", b -> b.setMinMarginPct(1e9)), RejectReason.QUOTE_OUT_OF_RANGE);
        bad.put(
                quote("year-2400", b -> b.setQuotedAt(Instant.parse("2400-01-01T00:00:00Z"))),
                RejectReason.INVALID_QUOTE_TIME);
        bad.put(
                quote("before-1970", b -> b.setQuotedAt(Instant.parse("1960-01-01T00:00:00Z"))),
                RejectReason.INVALID_QUOTE_TIME);
        for (TaskQuote q : bad.keySet()) {
            quotes.pipeInput(q.getTaskType(), q, minutes(3)); // a sane record time; the body carries the fault
        }
        TaskQuote good = quote("summarise", b -> b);
        quotes.pipeInput(good.getTaskType(), good, minutes(3));

        List<MarginEvent> priced = margins.readValuesToList();
        assertThat(priced).extracting(MarginEvent::getTaskType).containsExactly("summarise");
        List<RejectedRecord> rejected = p.rejected.readValuesToList();
        assertThat(rejected).hasSize(bad.size());
        int i = 0;
        for (Map.Entry<TaskQuote, RejectReason> e : bad.entrySet()) {
            RejectedRecord r = rejected.get(i++);
            assertThat(r.getReason())
                    .as(e.getKey().getTaskType())
                    .isEqualTo(e.getValue().name());
            assertThat(r.getRawExcerpt()).contains(e.getKey().getTaskType());
            assertThat(r.getDetail()).isNotBlank();
            assertThat(r.getLocation()).startsWith(Topic.TASK_QUOTES.topicName());
        }
    }

    @Test
    void aTombstoneStillClosesAQuote() {
        p.send(tokens("openai", "gpt-4o", null, 2.5, 10.0, minutes(0)).build());
        p.send(tokenPolicy("chat", "gpt-4o", minutes(1)).build());
        TaskQuote q = quote("summarise", b -> b);
        quotes.pipeInput(q.getTaskType(), q, minutes(3));
        assertThat(margins.readValuesToList()).hasSize(1);
        quotes.pipeInput(q.getTaskType(), null, minutes(4));
        // A closed quote is not re-priced when its route changes.
        p.send(tokens("together", "gpt-4o", null, 1.0, 2.0, minutes(5)).build());
        assertThat(margins.readValuesToList()).isEmpty();
        assertThat(p.rejected.readValuesToList()).isEmpty();
    }
}
