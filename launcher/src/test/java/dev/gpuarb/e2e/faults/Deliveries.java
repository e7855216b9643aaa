package dev.gpuarb.e2e.faults;

import static org.assertj.core.api.Assertions.assertThat;

import com.clickhouse.client.api.query.GenericRecord;
import dev.gpuarb.avro.GpuPriceObservation;
import dev.gpuarb.avro.SpotBid;
import dev.gpuarb.cli.local.PipelineConnectors;
import dev.gpuarb.serde.AvroDeserializer;
import dev.gpuarb.serde.AvroSerdeConfig;
import dev.gpuarb.sink.clickhouse.TopicTables;
import dev.gpuarb.sink.clickhouse.db.ClickHouseGateway;
import dev.gpuarb.sink.clickhouse.db.ClickHouseSettings;
import dev.gpuarb.topics.Topic;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * What reached each end of the pipeline: the records committed in Kafka (read as a downstream
 * consumer reads them, {@code read_committed}) and the rows in ClickHouse.
 */
final class Deliveries implements AutoCloseable {

    private static final Duration READ_TIMEOUT = Duration.ofSeconds(60);
    private final Map<String, Object> clientProps;
    private final ClickHouseGateway clickhouse;

    Deliveries(RunningPipeline pipeline) {
        this.clientProps = pipeline.clientProperties();
        this.clickhouse = new ClickHouseGateway(new ClickHouseSettings(
                pipeline.clickhouse.httpUrl(),
                "default",
                pipeline.clickhouse.password(),
                "gpuarb",
                Duration.ofSeconds(30)));
    }

    /** Identity of every committed record in {@code prices.gpu}, in offset order. */
    List<String> gpuPricesInKafka() {
        List<String> ids = new ArrayList<>();
        for (ConsumerRecord<String, Object> r : committed(Topic.GPU_PRICES)) {
            ids.add(BoundedSimulator.identity((GpuPriceObservation) r.value()));
        }
        return ids;
    }

    /** Offer and time of every committed spot bid, in the form of {@link BoundedSimulator#identity}. */
    List<String> spotBids() {
        List<String> ids = new ArrayList<>();
        for (ConsumerRecord<String, Object> r : committed(Topic.SPOT_BIDS)) {
            SpotBid bid = (SpotBid) r.value();
            ids.add(bid.getOfferId() + "@" + bid.getAt().toEpochMilli());
        }
        return ids;
    }

    /**
     * Whether the Streams application answered every spot price with a bid: it bids on each spot
     * observation, at the observation's time, so a price it skipped leaves a gap.
     */
    List<String> spotPricesWithoutBid(List<String> expectedGpuPrices) {
        java.util.Set<String> bids = new java.util.HashSet<>(spotBids());
        return expectedGpuPrices.stream()
                .filter(id -> id.contains("|SPOT@") && !bids.contains(id))
                .toList();
    }

    /** Committed records in a topic, counted without decoding them (so without the schema registry). */
    int committedCount(Topic topic) {
        return read(topic, new ByteArrayDeserializer()).size();
    }

    /** Identity of every row of the GPU price table. */
    List<String> gpuPricesInClickHouse() {
        List<String> ids = new ArrayList<>();
        for (GenericRecord row : clickhouse.query("SELECT offer_id, toUnixTimestamp64Milli(observed_at) AS at FROM "
                + "gpuarb." + TopicTables.DEFAULTS.get(Topic.GPU_PRICES))) {
            ids.add(row.getString("offer_id") + "@" + row.getLong("at"));
        }
        return ids;
    }

    /** Per sink topic: committed records in Kafka and rows in its table, as {@code [kafka, clickhouse]}. */
    Map<String, List<Long>> sinkCounts() {
        Map<String, List<Long>> counts = new LinkedHashMap<>();
        for (Topic t : PipelineConnectors.SINK_TOPICS) {
            long rows = clickhouse
                    .query("SELECT count() AS n FROM gpuarb." + TopicTables.DEFAULTS.get(t))
                    .get(0)
                    .getLong("n");
            counts.put(t.topicName(), List.of((long) committedCount(t), rows));
        }
        return counts;
    }

    /** Whether every sink table holds as many rows as its topic holds committed records. */
    static boolean balanced(Map<String, List<Long>> counts) {
        return counts.values().stream().allMatch(c -> c.get(0).equals(c.get(1)));
    }

    private List<ConsumerRecord<String, Object>> committed(Topic topic) {
        Map<String, Object> props = new HashMap<>(clientProps);
        props.put(AvroSerdeConfig.SPECIFIC_READER, true);
        AvroDeserializer<Object> values = new AvroDeserializer<>();
        values.configure(props, false);
        return read(topic, values);
    }

    private <V> List<ConsumerRecord<String, V>> read(Topic topic, Deserializer<V> values) {
        Map<String, Object> props = new HashMap<>(clientProps);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        try (KafkaConsumer<String, V> consumer = new KafkaConsumer<>(props, new StringDeserializer(), values)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic.topicName(), READ_TIMEOUT).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, READ_TIMEOUT);
            List<ConsumerRecord<String, V>> records = new ArrayList<>();
            long deadline = System.nanoTime() + READ_TIMEOUT.toNanos();
            while (!end.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue())) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("could not read " + topic.topicName() + " to its end " + end);
                }
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
            return records;
        }
    }

    /**
     * Waits until every record the source sent is in ClickHouse, every spot price has its bid and
     * every sink table matches its topic, then checks that each source record was committed to
     * {@code prices.gpu} and landed in ClickHouse exactly once, and each table holds exactly the
     * records committed in its topic. {@code test} names the run in what is printed.
     */
    void assertEachSourceRecordOnceInKafkaAndClickHouse(String test, List<String> expected)
            throws InterruptedException {
        await(
                "every GPU record in ClickHouse",
                Duration.ofMinutes(4),
                () -> gpuPricesInClickHouse().size() >= expected.size(),
                () -> gpuPricesInClickHouse().size() + " of " + expected.size() + " rows");
        await(
                "a spot bid for every spot price",
                Duration.ofMinutes(3),
                () -> spotPricesWithoutBid(expected).isEmpty(),
                () -> spotPricesWithoutBid(expected).size() + " spot prices without a bid");
        await(
                "every sink table to match its topic",
                Duration.ofMinutes(3),
                () -> balanced(sinkCounts()),
                this::sinkCounts);
        Thread.sleep(3000); // time for a late duplicate to show

        List<String> inKafka = gpuPricesInKafka();
        List<String> inClickHouse = gpuPricesInClickHouse();
        Map<String, List<Long>> counts = sinkCounts();
        System.out.printf(
                "%s: %d GPU records expected, %d in Kafka, %d in ClickHouse; per sink topic [kafka, clickhouse] %s%n",
                test, expected.size(), inKafka.size(), inClickHouse.size(), counts);
        assertThat(inKafka)
                .as("committed records in prices.gpu")
                .doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(expected);
        assertThat(inClickHouse)
                .as("rows of the GPU price table")
                .doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(expected);
        assertThat(counts)
                .as("rows per table vs committed records per topic")
                .allSatisfy((topic, c) -> assertThat(c.get(1)).as(topic).isEqualTo(c.get(0)));
        assertThat(counts.get("bids.spot").get(0))
                .as("the Streams application's output")
                .isPositive();
        assertThat(expected).as("spot prices in the source").anyMatch(id -> id.contains("|SPOT@"));
        assertThat(spotPricesWithoutBid(expected))
                .as("spot prices the Streams application skipped")
                .isEmpty();
    }

    /** Waits until the condition holds; fails naming what was awaited and what was last seen. */
    static void await(String what, Duration timeout, BooleanSupplier condition, Supplier<Object> lastSeen) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(
                        "gave up waiting for " + what + " after " + timeout + "; last seen: " + lastSeen.get());
            }
            try {
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }
    }

    @Override
    public void close() {
        clickhouse.close();
    }
}
