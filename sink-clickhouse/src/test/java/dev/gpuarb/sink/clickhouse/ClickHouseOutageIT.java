package dev.gpuarb.sink.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.gpuarb.clickhouse.embedded.EmbeddedClickHouse;
import dev.gpuarb.engines.connect.EmbeddedConnectWorker;
import dev.gpuarb.sink.clickhouse.db.ClickHouseException;
import dev.gpuarb.sink.clickhouse.db.ClickHouseGateway;
import dev.gpuarb.testkit.Engines;
import dev.gpuarb.testkit.RealEngines;
import dev.gpuarb.topics.Topic;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A full minute without ClickHouse while records keep arriving on every sink topic: the sink
 * keeps retrying (its task never fails), and once ClickHouse is back every table holds each
 * record exactly once, the ones sent before, during and after the outage alike.
 */
@ExtendWith(RealEngines.class)
class ClickHouseOutageIT {

    private static final int PARTITIONS = 2;
    private static final Duration OUTAGE = Duration.ofSeconds(60);
    private static final int PER_TOPIC_PER_SECOND = 5;

    @Test
    void aMinuteLongOutageDuringASteadyStreamLosesAndDuplicatesNothing(Engines engines) throws Exception {
        EmbeddedClickHouse own = TestClickHouse.dedicatedEmbedded();
        assumeTrue(own != null, "needs the embedded ClickHouse: a configured server cannot be paused by a test");

        String run = "outage" + System.nanoTime();
        Map<Topic, String> topics = new LinkedHashMap<>();
        TopicTables.DEFAULTS.keySet().stream().sorted().forEach(t -> topics.put(t, run + "." + t.topicName()));
        List<NewTopic> newTopics = new ArrayList<>();
        topics.values().forEach(name -> newTopics.add(new NewTopic(name, PARTITIONS, (short) 1)));
        engines.kafka().createTopics(newTopics);

        String database = TestClickHouse.newDatabase("outage");
        Map<String, String> connector = new HashMap<>();
        connector.put("connector.class", ClickHouseSinkConnector.class.getName());
        connector.put("tasks.max", "1");
        connector.put("topics", String.join(",", topics.values()));
        connector.put("clickhouse.url", own.httpUrl());
        connector.put("clickhouse.password", own.password());
        connector.put("clickhouse.database", database);
        connector.put(
                "topic.table.map",
                topics.entrySet().stream()
                        .map(e -> e.getValue() + ":" + TopicTables.DEFAULTS.get(e.getKey()))
                        .collect(Collectors.joining(",")));
        connector.put("batch.max.wait.ms", "500");
        connector.put("retry.backoff.ms", "1000");
        connector.put("clickhouse.timeout.ms", "5000");

        ExecutorService feeder = Executors.newSingleThreadExecutor();
        AtomicBoolean feeding = new AtomicBoolean(true);
        try (own;
                ClickHouseGateway ch = TestClickHouse.gateway(own.httpUrl(), own.password(), database);
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
            worker.awaitRunning("ch-sink", 1, Duration.ofSeconds(120));

            Future<Integer> sent = feeder.submit(() -> feed(producer, topics, feeding));
            String anyTable = TopicTables.DEFAULTS.get(Topic.GPU_PRICES);
            awaitAtLeast(ch, anyTable, 1, Duration.ofSeconds(120)); // the stream flows into ClickHouse

            own.pause();
            long pausedAt = System.nanoTime();
            try {
                Thread.sleep(OUTAGE.toMillis());
                assertThat(worker.status("ch-sink").path("tasks").findValuesAsText("state"))
                        .as("the sink task keeps retrying instead of failing")
                        .containsOnly("RUNNING");
            } finally {
                own.resume();
            }
            System.out.printf(
                    "ClickHouse outage test: ClickHouse refused connections for %d s%n",
                    TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - pausedAt));
            Thread.sleep(5000); // records keep arriving after the outage too
            feeding.set(false);
            int perTopic = sent.get(30, TimeUnit.SECONDS);

            for (Topic t : topics.keySet()) {
                awaitAtLeast(ch, TopicTables.DEFAULTS.get(t), perTopic, Duration.ofSeconds(180));
            }
            Thread.sleep(3000); // time for a late duplicate to show
            System.out.printf("ClickHouse outage test: %d records per topic on %d topics%n", perTopic, topics.size());
            assertThat(perTopic).as("records sent while ClickHouse was away").isGreaterThan((int)
                    (PER_TOPIC_PER_SECOND * OUTAGE.toSeconds() / 2));
            for (Topic t : topics.keySet()) {
                String table = database + "." + TopicTables.DEFAULTS.get(t);
                assertThat(TestClickHouse.count(ch, "SELECT count() FROM " + table))
                        .as("rows of %s", table)
                        .isEqualTo(perTopic);
                assertThat(TestClickHouse.count(ch, "SELECT uniqExact(_partition, _offset) FROM " + table))
                        .as("distinct offsets in %s", table)
                        .isEqualTo(perTopic);
                assertThat(TestClickHouse.count(ch, "SELECT sum(_offset) FROM " + table))
                        .as("offsets in %s are those written to Kafka", table)
                        .isEqualTo(offsetSum(perTopic));
            }
            assertThat(worker.status("ch-sink").path("tasks").findValuesAsText("state"))
                    .containsOnly("RUNNING");
        } finally {
            feeding.set(false);
            feeder.shutdownNow();
        }
    }

    /**
     * Sends one record per topic in each round, round-robin over the partitions, at a steady pace
     * until told to stop; returns the number of records sent per topic.
     */
    private static int feed(
            KafkaProducer<String, SpecificRecord> producer, Map<Topic, String> topics, AtomicBoolean feeding)
            throws InterruptedException {
        int i = 0;
        while (feeding.get()) {
            for (Map.Entry<Topic, String> e : topics.entrySet()) {
                producer.send(
                        new ProducerRecord<>(e.getValue(), i % PARTITIONS, "k" + i, SampleRecords.of(e.getKey(), i)));
            }
            i++;
            if (i % PER_TOPIC_PER_SECOND == 0) {
                producer.flush();
                Thread.sleep(1000);
            }
        }
        producer.flush();
        return i;
    }

    /** Sum of all offsets when {@code perTopic} records went round-robin into the partitions, each from offset 0. */
    private static long offsetSum(int perTopic) {
        long sum = 0;
        for (int p = 0; p < PARTITIONS; p++) {
            long n = perTopic / PARTITIONS + (p < perTopic % PARTITIONS ? 1 : 0);
            sum += n * (n - 1) / 2;
        }
        return sum;
    }

    /** Polls the row count until it reaches {@code target} or the time is up (-1 while ClickHouse does not answer). */
    private static void awaitAtLeast(ClickHouseGateway ch, String table, long target, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (rows(ch, table) < target && System.nanoTime() < deadline) {
            Thread.sleep(500);
        }
    }

    private static long rows(ClickHouseGateway ch, String table) {
        try {
            return TestClickHouse.count(ch, "SELECT count() FROM " + ch.database() + "." + table);
        } catch (ClickHouseException e) {
            return -1;
        }
    }
}
