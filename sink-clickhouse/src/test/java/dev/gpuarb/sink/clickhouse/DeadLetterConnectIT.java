package dev.gpuarb.sink.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gpuarb.avro.GpuPriceObservation;
import dev.gpuarb.avro.PricingModel;
import dev.gpuarb.engines.connect.EmbeddedConnectWorker;
import dev.gpuarb.sink.clickhouse.db.ClickHouseException;
import dev.gpuarb.sink.clickhouse.db.ClickHouseGateway;
import dev.gpuarb.testkit.Engines;
import dev.gpuarb.testkit.RealEngines;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The connector in a real Connect worker with the shipped error settings: poison rows of every
 * kind reach the dead-letter topic with Connect's context headers while the good rows land once
 * and the task keeps running; a topic deleted and recreated under the same name (shorter, then
 * longer than what the sink had written of the old one) has all its new rows written.
 */
@ExtendWith(RealEngines.class)
class DeadLetterConnectIT {

    private static final String CONNECTOR = "ch-dlq";
    private static final int FIRST = 30;
    /** index -> what makes the record unstorable. */
    private static final Map<Integer, String> POISON = new TreeMap<>(Map.of(
            3, "NaN price",
            7, "timestamp in 2400",
            10, "price the table's CHECK constraint refuses",
            16, "infinite price"));

    @Test
    void poisonRowsAreDeadLetteredWithContextAndARecreatedTopicIsWrittenAgain(Engines engines) throws Exception {
        String run = "dlq" + System.nanoTime();
        String topic = run + ".prices.gpu";
        String dlq = run + ".sink.clickhouse.dlq";
        engines.kafka().createTopics(List.of(new NewTopic(topic, 1, (short) 1), new NewTopic(dlq, 1, (short) 1)));
        String database = TestClickHouse.newDatabase("dlq");

        Map<String, String> connector = new HashMap<>();
        connector.put("connector.class", ClickHouseSinkConnector.class.getName());
        connector.put("tasks.max", "1");
        connector.put("topics", topic);
        connector.put("clickhouse.url", TestClickHouse.url());
        connector.put("clickhouse.password", TestClickHouse.password());
        connector.put("clickhouse.database", database);
        connector.put("topic.table.map", topic + ":gpu_prices");
        connector.put("batch.max.wait.ms", "300");
        connector.put("retry.backoff.ms", "300");
        // The shipped error settings (deploy/connect/connectors/clickhouse-sink.json, PipelineConnectors).
        connector.put("errors.retry.timeout", "-1");
        connector.put("errors.tolerance", "all");
        connector.put("errors.deadletterqueue.topic.name", dlq);
        connector.put("errors.deadletterqueue.topic.replication.factor", "1");
        connector.put("errors.deadletterqueue.context.headers.enable", "true");

        try (KafkaProducer<String, SpecificRecord> producer = ConnectTestClients.producer(engines);
                Admin admin = Admin.create(engines.kafka().clientProperties());
                ClickHouseGateway ch = TestClickHouse.gateway(database);
                EmbeddedConnectWorker worker = EmbeddedConnectWorker.start(EmbeddedConnectWorker.Config.distributed(
                        engines.bootstrapServers(),
                        run + "-connect",
                        Map.of(
                                "value.converter", "dev.gpuarb.connect.AvroConverter",
                                "value.converter.schema.registry.url", engines.registryUrl(),
                                "consumer.isolation.level", "read_committed")))) {
            worker.putConnector(CONNECTOR, connector);
            worker.awaitRunning(CONNECTOR, 1, Duration.ofSeconds(120));
            // The connector migrated the database; an operator adds a rule the converter knows nothing of.
            ch.execute("ALTER TABLE " + database
                    + ".gpu_prices ADD CONSTRAINT credible_price CHECK usd_per_gpu_hour < 1000");

            produce(producer, topic, 0, FIRST, true);
            int good = FIRST - POISON.size();
            assertThat(ConnectTestClients.awaitAtLeast(() -> rows(ch), good, Duration.ofSeconds(120)))
                    .isEqualTo(good);

            Map<Long, Map<String, String>> deadLetters = new TreeMap<>();
            Map<Long, byte[]> deadLetterValues = new TreeMap<>();
            readDeadLetters(engines, dlq, POISON.size(), deadLetters, deadLetterValues);
            assertThat(deadLetters.keySet()).containsExactly(3L, 7L, 10L, 16L);
            // The original bytes, also for the row ClickHouse refused after the sink had buffered it.
            Map<Long, byte[]> produced = values(engines, topic, FIRST);
            deadLetterValues.forEach((offset, value) ->
                    assertThat(value).as("dead letter of offset %d", offset).isEqualTo(produced.get(offset)));
            deadLetters.forEach((offset, headers) -> {
                assertThat(headers)
                        .containsEntry("__connect.errors.topic", topic)
                        .containsEntry("__connect.errors.partition", "0")
                        .containsEntry("__connect.errors.offset", Long.toString(offset))
                        .containsKey("__connect.errors.exception.message");
            });
            assertThat(deadLetters.get(10L).get("__connect.errors.exception.class.name"))
                    .isEqualTo(ClickHouseException.class.getName());
            assertThat(deadLetters.get(10L).get("__connect.errors.exception.message"))
                    .contains("469");
            assertThat(deadLetters.get(7L).get("__connect.errors.exception.message"))
                    .contains("DateTime64");
            assertThat(distinctObservations(ch)).isEqualTo(good);
            assertThat(worker.status(CONNECTOR).path("tasks").findValuesAsText("state"))
                    .containsOnly("RUNNING");

            // The topic is deleted and recreated while the connector is away; the new log is shorter
            // than the offsets the sink has written of the old one.
            worker.deleteConnector(CONNECTOR);
            recreate(admin, topic);
            produce(producer, topic, 100, 10, false);
            worker.putConnector(CONNECTOR, connector);
            worker.awaitRunning(CONNECTOR, 1, Duration.ofSeconds(120));
            assertThat(ConnectTestClients.awaitAtLeast(() -> rows(ch), good + 10, Duration.ofSeconds(120)))
                    .as("rows of the recreated topic, whose offsets the old log had written")
                    .isEqualTo(good + 10);

            // Once more, and now the new log is longer than what was written of the previous one.
            worker.deleteConnector(CONNECTOR);
            recreate(admin, topic);
            produce(producer, topic, 200, 50, false);
            worker.putConnector(CONNECTOR, connector);
            worker.awaitRunning(CONNECTOR, 1, Duration.ofSeconds(120));
            int total = good + 10 + 50;
            assertThat(ConnectTestClients.awaitAtLeast(() -> rows(ch), total, Duration.ofSeconds(120)))
                    .isEqualTo(total);
            Thread.sleep(3000); // time for a late duplicate to show
            assertThat(rows(ch)).isEqualTo(total);
            assertThat(distinctObservations(ch)).as("each record once").isEqualTo(total);
            assertThat(worker.status(CONNECTOR).path("tasks").findValuesAsText("state"))
                    .containsOnly("RUNNING");
            worker.deleteConnector(CONNECTOR);
        }
    }

    private static void recreate(Admin admin, String topic) throws Exception {
        admin.deleteTopics(List.of(topic)).all().get();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            try {
                admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1)))
                        .all()
                        .get();
                return;
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException) || System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(200); // the deletion is still under way
            }
        }
    }

    /** Records with index from..from+count-1 at offsets 0.. of the (new) log; poison ones where asked. */
    private static void produce(
            KafkaProducer<String, SpecificRecord> producer, String topic, int from, int count, boolean poison) {
        for (int i = from; i < from + count; i++) {
            Instant at = SampleRecords.BASE.plusSeconds(60L * i);
            double price = 2.0 + (i % 7) * 0.1;
            if (poison) {
                switch (i) {
                    case 3 -> price = Double.NaN;
                    case 7 -> at = Instant.parse("2400-01-01T00:00:00Z");
                    case 10 -> price = 5000;
                    case 16 -> price = Double.POSITIVE_INFINITY;
                    default -> {}
                }
            }
            GpuPriceObservation v =
                    SampleRecords.gpuPrice(i, at, "H100-80GB", "us-east-1", "aws", PricingModel.SPOT, price);
            producer.send(new ProducerRecord<>(topic, 0, v.getOfferId(), v));
        }
        producer.flush();
    }

    private static long rows(ClickHouseGateway ch) {
        try {
            return TestClickHouse.count(ch, "SELECT count() FROM " + ch.database() + ".gpu_prices");
        } catch (ClickHouseException e) {
            return -1; // not migrated yet
        }
    }

    private static long distinctObservations(ClickHouseGateway ch) {
        return TestClickHouse.count(ch, "SELECT uniqExact(observed_at) FROM " + ch.database() + ".gpu_prices");
    }

    /** Headers and value bytes of each dead letter, by the offset it came from. */
    private static void readDeadLetters(
            Engines engines, String topic, int expected, Map<Long, Map<String, String>> out, Map<Long, byte[]> values) {
        Map<String, Object> props = new HashMap<>(engines.kafka().clientProperties());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "dlq-reader-" + System.nanoTime());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (out.size() < expected && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(300))) {
                    Map<String, String> headers = new TreeMap<>();
                    for (Header h : r.headers()) {
                        headers.put(h.key(), h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8));
                    }
                    long offset = Long.parseLong(headers.getOrDefault("__connect.errors.offset", "-1"));
                    out.put(offset, headers);
                    values.put(offset, r.value());
                }
            }
        }
    }

    /** The value bytes of the topic's first {@code count} records, by offset. */
    private static Map<Long, byte[]> values(Engines engines, String topic, int count) {
        Map<Long, byte[]> out = new TreeMap<>();
        Map<String, Object> props = new HashMap<>(engines.kafka().clientProperties());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "source-reader-" + System.nanoTime());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (out.size() < count && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(300))) {
                    out.put(r.offset(), r.value());
                }
            }
        }
        return out;
    }
}
