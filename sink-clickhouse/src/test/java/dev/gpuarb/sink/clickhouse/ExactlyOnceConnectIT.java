package dev.gpuarb.sink.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gpuarb.avro.GpuPriceObservation;
import dev.gpuarb.avro.PricingModel;
import dev.gpuarb.clickhouse.embedded.EmbeddedClickHouse;
import dev.gpuarb.engines.connect.EmbeddedConnectWorker;
import dev.gpuarb.sink.clickhouse.db.ClickHouseException;
import dev.gpuarb.sink.clickhouse.db.ClickHouseGateway;
import dev.gpuarb.testkit.Engines;
import dev.gpuarb.testkit.RealEngines;
import dev.gpuarb.topics.Topic;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The connector in a real Connect worker, against the real broker and schema registry: every
 * record of every sink topic lands exactly once although the task is restarted while it holds
 * half-built batches and ClickHouse refuses connections for a while.
 */
@ExtendWith(RealEngines.class)
class ExactlyOnceConnectIT {

    private static final int PARTITIONS = 2;
    private static final int PER_PHASE = 150; // records per topic per phase
    private static final int BATCH = 40;
    private static final int BAD_GPU_RECORDS = 3; // timestamps ClickHouse cannot store: to the dead-letter topic

    @Test
    void everyRecordLandsExactlyOnceAcrossTaskRestartsAndAnOutage(Engines engines) throws Exception {
        String run = "eos" + System.nanoTime();
        Map<Topic, String> topics = new LinkedHashMap<>();
        TopicTables.DEFAULTS.keySet().stream().sorted().forEach(t -> topics.put(t, run + "." + t.topicName()));
        String dlq = run + ".dlq";
        List<NewTopic> newTopics = new ArrayList<>();
        topics.values().forEach(name -> newTopics.add(new NewTopic(name, PARTITIONS, (short) 1)));
        newTopics.add(new NewTopic(dlq, 1, (short) 1));
        engines.kafka().createTopics(newTopics);

        String database = TestClickHouse.newDatabase("eos");
        EmbeddedClickHouse own = TestClickHouse.dedicatedEmbedded();
        String chUrl = own != null ? own.httpUrl() : TestClickHouse.url();
        String chPassword = own != null ? own.password() : TestClickHouse.password();
        Map<String, String> connector = new HashMap<>();
        connector.put("connector.class", ClickHouseSinkConnector.class.getName());
        connector.put("tasks.max", "2");
        connector.put("topics", String.join(",", topics.values()));
        connector.put("clickhouse.url", chUrl);
        connector.put("clickhouse.password", chPassword);
        connector.put("clickhouse.database", database);
        connector.put(
                "topic.table.map",
                topics.entrySet().stream()
                        .map(e -> e.getValue() + ":" + TopicTables.DEFAULTS.get(e.getKey()))
                        .collect(Collectors.joining(",")));
        connector.put("batch.max.records", Integer.toString(BATCH));
        // Phase 1: batches are cut by size only, so the restart finds rows buffered in every partition.
        connector.put("batch.max.wait.ms", "600000");
        connector.put("retry.backoff.ms", "300");
        connector.put("clickhouse.timeout.ms", "5000");
        connector.put("consumer.override.max.poll.records", "30");
        connector.put("errors.tolerance", "all");
        connector.put("errors.deadletterqueue.topic.name", dlq);
        connector.put("errors.deadletterqueue.topic.replication.factor", "1");

        try (own;
                ClickHouseGateway ch = TestClickHouse.gateway(chUrl, chPassword, database);
                KafkaProducer<String, SpecificRecord> producer = ConnectTestClients.producer(engines);
                EmbeddedConnectWorker worker = EmbeddedConnectWorker.start(EmbeddedConnectWorker.Config.distributed(
                        engines.bootstrapServers(),
                        run + "-connect",
                        Map.of(
                                "value.converter",
                                "dev.gpuarb.connect.AvroConverter",
                                "value.converter.schema.registry.url",
                                engines.registryUrl())))) {
            worker.putConnector("ch-sink", connector);
            worker.awaitRunning("ch-sink", 2, Duration.ofSeconds(120));

            produce(producer, topics, 0, PER_PHASE);
            for (int b = 0; b < BAD_GPU_RECORDS; b++) {
                GpuPriceObservation bad = SampleRecords.gpuPrice(
                        b,
                        Instant.parse("2400-01-01T00:00:00Z"),
                        "H100-80GB",
                        "us-east-1",
                        "aws",
                        PricingModel.SPOT,
                        2.0);
                producer.send(
                        new ProducerRecord<>(topics.get(Topic.GPU_PRICES), b % PARTITIONS, bad.getOfferId(), bad));
            }
            producer.flush();

            // One full batch per partition lands; the rest of each partition waits in the task's buffers.
            int firstBatches = BATCH * PARTITIONS;
            for (Topic t : topics.keySet()) {
                String table = TopicTables.DEFAULTS.get(t);
                long landed =
                        ConnectTestClients.awaitAtLeast(() -> rows(ch, table), firstBatches, Duration.ofSeconds(120));
                assertThat(landed).as("rows of %s before the restart", table).isLessThan(PER_PHASE);
            }

            // Restart mid-batch: buffered rows are lost from memory and must come back exactly once.
            worker.restart();
            worker.awaitRunning("ch-sink", 2, Duration.ofSeconds(120));
            connector.put("batch.max.wait.ms", "300");
            worker.putConnector("ch-sink", connector); // reconfiguring restarts the tasks once more
            worker.awaitRunning("ch-sink", 2, Duration.ofSeconds(120));
            for (Topic t : topics.keySet()) {
                String table = TopicTables.DEFAULTS.get(t);
                assertThat(ConnectTestClients.awaitAtLeast(() -> rows(ch, table), PER_PHASE, Duration.ofSeconds(120)))
                        .as("rows of %s after the restart", table)
                        .isEqualTo(PER_PHASE);
            }

            // ClickHouse refuses connections while the next records arrive (only the embedded engine
            // can be stopped by a test; against a configured server the records just flow).
            if (own != null) {
                own.pause();
            }
            try {
                produce(producer, topics, PER_PHASE, PER_PHASE);
                Thread.sleep(4000);
            } finally {
                if (own != null) {
                    own.resume();
                }
            }

            int total = 2 * PER_PHASE;
            for (Topic t : topics.keySet()) {
                String table = TopicTables.DEFAULTS.get(t);
                ConnectTestClients.awaitAtLeast(() -> rows(ch, table), total, Duration.ofSeconds(180));
            }
            Thread.sleep(3000); // time for a late duplicate to show
            for (Topic t : topics.keySet()) {
                String table = TopicTables.DEFAULTS.get(t);
                assertThat(rows(ch, table)).as("rows of %s", table).isEqualTo(total);
                assertThat(TestClickHouse.count(
                                ch, "SELECT uniqExact(_topic, _partition, _offset) FROM " + database + "." + table))
                        .as("distinct offsets in %s", table)
                        .isEqualTo(total);
            }
            assertThat(TestClickHouse.count(ch, "SELECT sum(samples) FROM " + database + ".gpu_prices_ohlc_1h"))
                    .as("observations counted by the hourly OHLC materialized view")
                    .isEqualTo(total);
            assertThat(TestClickHouse.count(ch, "SELECT max(toYear(observed_at)) FROM " + database + ".gpu_prices"))
                    .isLessThan(2400);
            assertThat(distinctValues(engines, dlq, BAD_GPU_RECORDS)).hasSize(BAD_GPU_RECORDS);
            assertThat(worker.status("ch-sink").path("tasks").findValuesAsText("state"))
                    .containsOnly("RUNNING");
        }
    }

    /** Row count; -1 while ClickHouse does not answer (a pooled connection may be stale after the outage). */
    private static long rows(ClickHouseGateway ch, String table) {
        try {
            return TestClickHouse.count(ch, "SELECT count() FROM " + ch.database() + "." + table);
        } catch (ClickHouseException e) {
            return -1;
        }
    }

    private static void produce(
            KafkaProducer<String, SpecificRecord> producer, Map<Topic, String> topics, int from, int count) {
        for (Map.Entry<Topic, String> e : topics.entrySet()) {
            for (int i = from; i < from + count; i++) {
                producer.send(
                        new ProducerRecord<>(e.getValue(), i % PARTITIONS, "k" + i, SampleRecords.of(e.getKey(), i)));
            }
        }
        producer.flush();
    }

    /** Distinct record values in a topic (the dead-letter topic may hold a re-reported record twice). */
    private static Set<String> distinctValues(Engines engines, String topic, int atLeast) {
        Set<String> values = new HashSet<>();
        Map<String, Object> props = new HashMap<>(engines.kafka().clientProperties());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "dlq-reader-" + System.nanoTime());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (values.size() < atLeast && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(300))) {
                    values.add(Arrays.toString(r.value()));
                }
            }
            for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofSeconds(1))) {
                values.add(Arrays.toString(r.value()));
            }
        }
        return values;
    }
}
