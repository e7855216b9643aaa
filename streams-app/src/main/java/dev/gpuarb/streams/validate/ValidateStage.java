package dev.gpuarb.streams.validate;

import dev.gpuarb.avro.RejectedRecord;
import dev.gpuarb.topics.Topic;
import java.time.Instant;
import java.util.Map;
import java.util.function.Function;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;

/** Stage 1: splits an input stream into normalised values and rejects (sent to the dead-letter topic). */
public final class ValidateStage {

    /** RejectedRecord.source for everything refused here. */
    public static final String SOURCE = "streams.validate";

    static final int MAX_EXCERPT_CHARS = 1000;

    private ValidateStage() {}

    public static <V> KStream<String, V> apply(
            String name,
            KStream<String, V> input,
            Function<V, Validated<V>> validator,
            Serde<String> keySerde,
            Serde<RejectedRecord> rejectedSerde) {
        return split(name, input, validator, keySerde, rejectedSerde).valid();
    }

    /**
     * The valid values only, the refused ones dropped without a record: for an application that reads
     * inputs another application already validates and reports (one writer of prices.rejected). It must
     * use the same validator, so both keep the same inputs.
     */
    public static <V> KStream<String, V> keepValid(
            String name, KStream<String, V> input, Function<V, Validated<V>> validator) {
        return input.processValues(() -> new CheckingProcessor<>(validator), Named.as(name + "-validate"))
                .filter((key, c) -> c.rejected() == null, Named.as(name + "-valid"))
                .mapValues(Checked::value, Named.as(name + "-valid-values"));
    }

    /**
     * As {@link #apply}, and also returns the refused inputs' dead-letter records under the inputs' own
     * keys, for stages that must act on a refusal (a refused route policy still changes its route).
     */
    public static <V> Split<V> split(
            String name,
            KStream<String, V> input,
            Function<V, Validated<V>> validator,
            Serde<String> keySerde,
            Serde<RejectedRecord> rejectedSerde) {
        KStream<String, Checked<V>> checked =
                input.processValues(() -> new CheckingProcessor<>(validator), Named.as(name + "-validate"));
        Map<String, KStream<String, Checked<V>>> branches = checked.split(Named.as(name + "-"))
                .branch((key, c) -> c.rejected() == null, Branched.as("valid"))
                .defaultBranch(Branched.as("rejected"));
        KStream<String, RejectedRecord> rejected =
                branches.get(name + "-rejected").mapValues(Checked::rejected, Named.as(name + "-rejected-records"));
        rejected.map((key, r) -> org.apache.kafka.streams.KeyValue.pair(SOURCE, r), Named.as(name + "-reject-key"))
                .to(
                        Topic.REJECTED.topicName(),
                        Produced.with(keySerde, rejectedSerde).withName(name + "-rejects-sink"));
        return new Split<>(
                branches.get(name + "-valid").mapValues(Checked::value, Named.as(name + "-valid-values")), rejected);
    }

    /** The accepted values and, under the same keys, the dead-letter records of the refused ones. */
    public record Split<V>(KStream<String, V> valid, KStream<String, RejectedRecord> rejected) {}

    /** A validated value or the dead-letter record describing why it was refused. */
    record Checked<V>(V value, RejectedRecord rejected) {}

    private static final class CheckingProcessor<V> implements FixedKeyProcessor<String, V, Checked<V>> {
        private final Function<V, Validated<V>> validator;
        private FixedKeyProcessorContext<String, Checked<V>> context;

        CheckingProcessor(Function<V, Validated<V>> validator) {
            this.validator = validator;
        }

        @Override
        public void init(FixedKeyProcessorContext<String, Checked<V>> context) {
            this.context = context;
        }

        @Override
        public void process(FixedKeyRecord<String, V> record) {
            Validated<V> result = validator.apply(record.value());
            if (result.isValid()) {
                context.forward(record.withValue(new Checked<>(result.value(), null)));
                return;
            }
            String location = context.recordMetadata()
                    .map(m -> m.topic() + "-" + m.partition() + "@" + m.offset())
                    .orElse(null);
            RejectedRecord rejected = RejectedRecord.newBuilder()
                    .setSource(SOURCE)
                    .setReason(result.rejection().reason().name())
                    .setDetail(result.rejection().detail())
                    .setRawExcerpt(excerpt(record.key(), record.value()))
                    .setLocation(location)
                    // Event time rather than the wall clock, so a replay writes identical rejects.
                    .setRejectedAt(Instant.ofEpochMilli(record.timestamp()))
                    .build();
            context.forward(record.withValue(new Checked<>(null, rejected)));
        }
    }

    static String excerpt(String key, Object value) {
        String text = "key=" + key + " value=" + value;
        return text.length() <= MAX_EXCERPT_CHARS ? text : text.substring(0, MAX_EXCERPT_CHARS);
    }
}
