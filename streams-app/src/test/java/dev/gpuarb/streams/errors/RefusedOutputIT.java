package dev.gpuarb.streams.errors;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gpuarb.avro.RejectedRecord;
import dev.gpuarb.serde.AvroSerde;
import dev.gpuarb.streams.config.AppConfig;
import dev.gpuarb.streams.config.StreamsApp;
import dev.gpuarb.streams.config.StreamsConfigFactory;
import dev.gpuarb.testkit.Engines;
import dev.gpuarb.testkit.RealEngines;
import dev.gpuarb.topics.Topic;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A record Kafka refuses, under exactly-once v2 on a real broker, with the production settings
 * ({@link StreamsConfigFactory}: {@link ProductionFailures}, {@link StreamThreadFailures}) around a
 * topology whose output for one input is too large.
 */
@ExtendWith(RealEngines.class)
class RefusedOutputIT {

    private static final int LIMIT = 64 * 1024;
    private static final String HUGE = "huge";
    private static final String SESSION_TIMEOUT = "consumer." + ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG;
    /**
     * Pads every other output past the few bytes Kafka's producer leaves free in the batch it sizes for the
     * huge record: a record that fits there shares that batch, and the broker's refusal of a batch of two
     * records makes the producer split and resend it without end (see the README) instead of refusing one.
     */
    private static final String PAD = "|" + "-".repeat(40);

    @TempDir
    Path dir;

    private final String id = UUID.randomUUID().toString().substring(0, 8);
    private final String in = "refusal-in-" + id;
    private final String out = "refusal-out-" + id;

    @Test
    void aRecordOverTheProducersLimitIsReportedAndSkippedAndTheApplicationGoesOn(Engines engines) throws Exception {
        createTopics(engines, new NewTopic(out, 1, (short) 1));
        try (Run run = new Run(
                        engines,
                        Map.of("producer." + ProducerConfig.MAX_REQUEST_SIZE_CONFIG, Integer.toString(LIMIT)));
                KafkaProducer<String, String> inputs = producer(engines)) {
            for (String v : List.of("a1", "a2", HUGE, "b1", "b2")) {
                inputs.send(new ProducerRecord<>(in, "k-" + v, v)).get();
            }
            run.await(
                    "the refusal report and the records after it",
                    Duration.ofMinutes(2),
                    () -> committedOutputs(engines).size() == 4
                            && !reports(engines).isEmpty());

            assertThat(committedOutputs(engines))
                    .as("each record but the refused one, once, in order")
                    .containsExactly("a1", "a2", "b1", "b2");
            List<RejectedRecord> reports = reports(engines);
            assertThat(reports).hasSize(1);
            assertThat(reports.get(0).getReason()).isEqualTo("OUTPUT_REFUSED");
            assertThat(reports.get(0).getLocation()).isEqualTo(in + "-0@2");
            assertThat(reports.get(0).getDetail()).contains(out).contains("max.request.size");
            assertThat(committedInputOffset(engines, run))
                    .as("every input committed")
                    .isEqualTo(5);
            assertThat(run.streams.state()).isEqualTo(KafkaStreams.State.RUNNING);
            assertThat(run.threadFailures).as("no stream thread died").isEmpty();
        }
    }

    @Test
    void aRecordTheBrokerRefusesStopsTheApplicationUntilTheProducersLimitIsTheTopicsAndThenItIsSkipped(Engines engines)
            throws Exception {
        createTopics(
                engines,
                new NewTopic(out, 1, (short) 1)
                        .configs(Map.of(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, Integer.toString(LIMIT))));
        try (KafkaProducer<String, String> inputs = producer(engines)) {
            // The producer allows its default 1 MiB, the topic 64 KiB: the record leaves the producer and the broker
            // refuses it.
            // (A short session: Kafka Streams does not leave the group on close, the second run waits for it to
            // expire.)
            try (Run run = new Run(engines, Map.of(SESSION_TIMEOUT, "10000"))) {
                inputs.send(new ProducerRecord<>(in, "k-a1", "a1")).get();
                run.await(
                        "the first output",
                        Duration.ofMinutes(2),
                        () -> committedOutputs(engines).size() == 1);
                long sent = System.nanoTime();
                inputs.send(new ProducerRecord<>(in, "k-" + HUGE, HUGE)).get();
                inputs.send(new ProducerRecord<>(in, "k-b1", "b1")).get();

                long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
                while (run.streams.state() != KafkaStreams.State.ERROR && System.nanoTime() < deadline) {
                    Thread.sleep(250);
                }
                assertThat(run.streams.state())
                        .as("under exactly-once the refused batch fails the transaction")
                        .isEqualTo(KafkaStreams.State.ERROR);
                // Failed at once, not after a report waited out max.block.ms (60 s) on the producer's network thread.
                assertThat(Duration.ofNanos(System.nanoTime() - sent)).isLessThan(Duration.ofSeconds(30));
                assertThat(run.threadFailures).hasSize(1);
                assertThat(run.threadFailures.get(0)).hasRootCauseInstanceOf(RecordTooLargeException.class);
                assertThat(committedOutputs(engines))
                        .as("nothing of the aborted transaction")
                        .containsExactly("a1");
                assertThat(reports(engines))
                        .as("the report was in the aborted transaction")
                        .isEmpty();
                assertThat(committedInputOffset(engines, run))
                        .as("a restart reads the refused input again")
                        .isEqualTo(1);
            }
            // The operator's remedy: the producer's limit no larger than the topic's; Streams then refuses the record
            // before it reaches the transaction, reports it and goes on.
            try (Run run = new Run(
                    engines,
                    Map.of(
                            SESSION_TIMEOUT,
                            "10000",
                            "producer." + ProducerConfig.MAX_REQUEST_SIZE_CONFIG,
                            Integer.toString(LIMIT)))) {
                run.await(
                        "the records after the refused one",
                        Duration.ofMinutes(2),
                        () -> committedOutputs(engines).size() == 2
                                && !reports(engines).isEmpty());
                assertThat(committedOutputs(engines)).containsExactly("a1", "b1");
                assertThat(reports(engines)).singleElement().satisfies(r -> {
                    assertThat(r.getReason()).isEqualTo("OUTPUT_REFUSED");
                    assertThat(r.getLocation()).isEqualTo(in + "-0@1");
                    assertThat(r.getDetail()).contains("max.request.size");
                });
                assertThat(committedInputOffset(engines, run)).isEqualTo(3);
                assertThat(run.streams.state()).isEqualTo(KafkaStreams.State.RUNNING);
                assertThat(run.threadFailures).isEmpty();
            }
        }
    }

    /** Kafka Streams' own topology under test: the value, except one input whose output is larger than {@link #LIMIT}. */
    private StreamsBuilder topology() {
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream(in, Consumed.with(Serdes.String(), Serdes.String()))
                .mapValues(v -> v.equals(HUGE) ? HUGE + "x".repeat(2 * LIMIT) : v + PAD)
                .to(out, Produced.with(Serdes.String(), Serdes.String()));
        return builder;
    }

    /** The application with the production settings and thread failure handling (see StreamsService). */
    private final class Run implements AutoCloseable {
        final KafkaStreams streams;
        final AppConfig config;
        final List<Throwable> threadFailures = new CopyOnWriteArrayList<>();

        Run(Engines engines, Map<String, String> overrides) {
            Map<String, String> s = new HashMap<>(overrides);
            s.put(AppConfig.APPLICATION_ID, "refusal-" + id);
            s.put(AppConfig.BOOTSTRAP_SERVERS, engines.bootstrapServers());
            s.put(AppConfig.SCHEMA_REGISTRY_URL, engines.registryUrl());
            s.put(AppConfig.STATE_DIR, dir.resolve("state").toString());
            s.put(AppConfig.APPS, StreamsApp.ROUTING.id());
            config = AppConfig.from(s);
            assertThat(config.text(AppConfig.PROCESSING_GUARANTEE)).isEqualTo("exactly_once_v2");
            streams = new KafkaStreams(
                    topology().build(), StreamsConfigFactory.streamsProperties(config, StreamsApp.ROUTING));
            StreamThreadFailures failures = new StreamThreadFailures(true);
            streams.setUncaughtExceptionHandler(e -> {
                threadFailures.add(e);
                return failures.handle(e);
            });
            streams.start();
        }

        /** Waits for the condition; fails at once when the application stops. */
        void await(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!condition.getAsBoolean()) {
                if (streams.state() == KafkaStreams.State.ERROR || streams.state() == KafkaStreams.State.NOT_RUNNING) {
                    AssertionError stopped = new AssertionError(
                            "the application stopped (" + streams.state() + ") while waiting for " + what);
                    threadFailures.forEach(stopped::addSuppressed);
                    throw stopped;
                }
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("gave up waiting for " + what + " after " + timeout);
                }
                Thread.sleep(250);
            }
        }

        String applicationId() {
            return StreamsApp.ROUTING.applicationId(config);
        }

        @Override
        public void close() {
            streams.close(Duration.ofSeconds(30));
        }
    }

    private void createTopics(Engines engines, NewTopic output) {
        engines.kafka()
                .createTopics(List.of(new NewTopic(in, 1, (short) 1), output, Topic.REJECTED.newTopic(1, (short) 1)));
    }

    private static KafkaProducer<String, String> producer(Engines engines) {
        Map<String, Object> props = new HashMap<>(engines.kafka().clientProperties());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        return new KafkaProducer<>(props, new StringSerializer(), new StringSerializer());
    }

    private List<String> committedOutputs(Engines engines) {
        List<String> values = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r : readCommitted(engines, out)) {
            String value = new String(r.value(), StandardCharsets.UTF_8);
            values.add(value.endsWith(PAD) ? value.substring(0, value.length() - PAD.length()) : value);
        }
        return values;
    }

    /** The reports on prices.rejected about this test's input (other tests share the topic). */
    private List<RejectedRecord> reports(Engines engines) {
        AvroSerde<RejectedRecord> serde = AvroSerde.specific(RejectedRecord.class);
        serde.configure(Map.of(AppConfig.SCHEMA_REGISTRY_URL, engines.registryUrl()), false);
        List<RejectedRecord> reports = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r : readCommitted(engines, Topic.REJECTED.topicName())) {
            RejectedRecord report = serde.deserializer().deserialize(r.topic(), r.value());
            if (report.getLocation().startsWith(in + "-")) {
                reports.add(report);
            }
        }
        return reports;
    }

    private static List<ConsumerRecord<byte[], byte[]>> readCommitted(Engines engines, String topic) {
        Map<String, Object> props = new HashMap<>(engines.kafka().clientProperties());
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            TopicPartition tp = new TopicPartition(topic, 0);
            consumer.assign(List.of(tp));
            consumer.seekToBeginning(List.of(tp));
            long end = consumer.endOffsets(List.of(tp)).get(tp);
            List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (consumer.position(tp) < end && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
            return records;
        }
    }

    private long committedInputOffset(Engines engines, Run run) throws Exception {
        try (Admin admin = Admin.create(new HashMap<>(engines.kafka().clientProperties()))) {
            OffsetAndMetadata committed = admin.listConsumerGroupOffsets(run.applicationId())
                    .partitionsToOffsetAndMetadata()
                    .get(30, TimeUnit.SECONDS)
                    .get(new TopicPartition(in, 0));
            return committed == null ? -1 : committed.offset();
        }
    }
}
