package dev.gpuarb.sink.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gpuarb.avro.GpuPriceObservation;
import dev.gpuarb.avro.PricingModel;
import dev.gpuarb.connect.AvroConnectData;
import dev.gpuarb.sink.clickhouse.convert.RecordConversionException;
import dev.gpuarb.sink.clickhouse.convert.RowConverter;
import dev.gpuarb.sink.clickhouse.db.ClickHouseException;
import dev.gpuarb.sink.clickhouse.db.ClickHouseGateway;
import dev.gpuarb.sink.clickhouse.db.RowInserter;
import dev.gpuarb.sink.clickhouse.db.TableColumns;
import dev.gpuarb.sink.clickhouse.dedup.ExactlyOnceDelivery;
import dev.gpuarb.sink.clickhouse.dlq.RejectedRecordReporter;
import dev.gpuarb.sink.clickhouse.state.ClickHouseStateStore;
import dev.gpuarb.sink.clickhouse.state.PartitionState;
import dev.gpuarb.sink.clickhouse.state.Phase;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.metrics.PluginMetrics;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.RetriableException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTaskContext;
import org.junit.jupiter.api.Test;

/**
 * Poison rows in a batch of good ones, against the real ClickHouse: values the converter refuses (a
 * NaN, an infinite price as a 1e308 input-output ratio produces, a timestamp after 2299) and rows
 * ClickHouse itself refuses (a CHECK constraint an operator added; 1e307 is a finite double the
 * converter lets through). The good rows land exactly once, the bad ones go to the dead-letter
 * reporter with their reason, and the task keeps running, also across a crash in the middle of
 * isolating the refused rows.
 */
class PoisonRowsIT {

    private static final String TOPIC = "prices.gpu";
    private static final TopicPartition TP = new TopicPartition(TOPIC, 0);
    private static final int N = 24;
    /** offset -> price or timestamp that makes the record unstorable, and who refuses it. */
    private static final Map<Integer, String> POISON = new TreeMap<>(Map.of(
            3, "converter: NaN price",
            7, "converter: timestamp in 2400",
            10, "ClickHouse: 5000 USD per GPU-hour violates the constraint",
            11, "ClickHouse: 1e307 USD per GPU-hour (finite) violates the constraint",
            16, "converter: infinite price",
            21, "ClickHouse: 9999 USD per GPU-hour violates the constraint"));

    private final Map<Long, Throwable> deadLetters = new TreeMap<>();

    @Test
    void goodRowsLandOnceAndEveryPoisonRowIsDeadLetteredWithItsReason() {
        try (ClickHouseGateway ch = migratedWithConstraint("poison")) {
            TestContext context = new TestContext();
            ClickHouseSinkTask task = task(ch, ch, context, completedReports());
            task.put(records(0, N));

            assertThat(deadLetters.keySet())
                    .containsExactlyElementsOf(
                            POISON.keySet().stream().map(Integer::longValue).toList());
            POISON.forEach((offset, why) -> assertThat(deadLetters.get((long) offset))
                    .as(why)
                    .isInstanceOf(
                            why.startsWith("converter") ? RecordConversionException.class : ClickHouseException.class));
            assertThat(deadLetters.get(10L)).hasMessageContaining("469");
            assertThat(landedOffsets(ch)).containsExactlyElementsOf(goodOffsets());
            assertThat(committed(task)).isEqualTo(N);
            assertThat(new ClickHouseStateStore(ch, "poison-test").read(TOPIC, 0))
                    .get()
                    .satisfies(s -> assertThat(s.phase()).isEqualTo(Phase.AFTER))
                    .satisfies(s -> assertThat(s.maxOffset()).isEqualTo(N - 1));
        }
    }

    @Test
    void aCrashWhileIsolatingRefusedRowsStillWritesEveryGoodRowOnce() {
        try (ClickHouseGateway ch = migratedWithConstraint("poisoncrash")) {
            // The third insert of the batch (a slice, after the whole batch was refused) lands, then the
            // answer is lost; the task dies there.
            CrashingInserter crashing = new CrashingInserter(ch, 3);
            TestContext first = new TestContext();
            ClickHouseSinkTask task = task(ch, crashing, first, completedReports());
            assertThatThrownBy(() -> task.put(records(0, N))).isInstanceOf(RetriableException.class);
            assertThat(landedOffsets(ch)).as("a slice landed before the crash").isNotEmpty();
            task.stop();

            TestContext second = new TestContext();
            ClickHouseSinkTask restarted = task(ch, ch, second, completedReports());
            assertThat(second.seeks).containsExactly(0L); // BEFORE [0, 23]: replay the whole range
            restarted.put(records(0, 5)); // the worker delivers in other chunks
            restarted.put(records(5, N - 5));
            restarted.put(List.of());

            assertThat(landedOffsets(ch)).as("each good row exactly once").containsExactlyElementsOf(goodOffsets());
            assertThat(deadLetters.keySet())
                    .containsAll(
                            POISON.keySet().stream().map(Integer::longValue).toList());
            assertThat(committed(restarted)).isEqualTo(N);
        }
    }

    @Test
    void theBatchIsNotRecordedDoneBeforeItsDeadLettersAreDurable() {
        try (ClickHouseGateway ch = migratedWithConstraint("poisondlq")) {
            // The dead-letter topic refuses the first report (a broker error surfaces in the future).
            ClickHouseSinkTask task = task(ch, ch, new TestContext(), (record, error) -> {
                deadLetters.put(record.kafkaOffset(), error);
                return CompletableFuture.failedFuture(
                        new org.apache.kafka.common.errors.TimeoutException("dead-letter topic not reachable"));
            });
            assertThatThrownBy(() -> task.put(records(0, N)))
                    .isInstanceOf(ConnectException.class)
                    .hasMessageContaining("dead-letter");
            ClickHouseStateStore state = new ClickHouseStateStore(ch, "poison-test");
            assertThat(state.read(TOPIC, 0))
                    .get()
                    .extracting(PartitionState::phase)
                    .as("the range is not recorded as done while a dead letter is lost")
                    .isEqualTo(Phase.BEFORE);
            task.stop();

            // The restarted task replays the range, so the lost dead letters are written this time.
            deadLetters.clear();
            TestContext context = new TestContext();
            ClickHouseSinkTask restarted = task(ch, ch, context, completedReports());
            assertThat(context.seeks).containsExactly(0L);
            restarted.put(records(0, N));
            restarted.put(List.of());
            assertThat(deadLetters.keySet())
                    .containsExactlyElementsOf(
                            POISON.keySet().stream().map(Integer::longValue).toList());
            assertThat(landedOffsets(ch)).containsExactlyElementsOf(goodOffsets());
            assertThat(state.read(TOPIC, 0))
                    .get()
                    .extracting(PartitionState::phase)
                    .isEqualTo(Phase.AFTER);
        }
    }

    @Test
    void anOutageIsRetriedNotDeadLettered() {
        try (ClickHouseGateway ch = migratedWithConstraint("poisonoutage")) {
            RowInserter down = (table, columns, rows, token) -> {
                throw new ClickHouseException("insert failed", new java.net.ConnectException("Connection refused"));
            };
            ClickHouseSinkTask task = task(ch, down, new TestContext(), completedReports());
            assertThatThrownBy(() -> task.put(records(0, N))).isInstanceOf(RetriableException.class);
            assertThat(deadLetters.keySet())
                    .as("only what the converter refuses")
                    .containsExactly(3L, 7L, 16L);
        }
    }

    private static ClickHouseGateway migratedWithConstraint(String prefix) {
        ClickHouseGateway ch = TestClickHouse.migratedDatabase(prefix);
        // What an operator might add: a price above 1000 USD per GPU-hour is not credible.
        ch.execute("ALTER TABLE " + ch.database()
                + ".gpu_prices ADD CONSTRAINT credible_price CHECK usd_per_gpu_hour < 1000");
        return ch;
    }

    private ClickHouseSinkTask task(
            ClickHouseGateway ch,
            RowInserter inserter,
            TestContext context,
            org.apache.kafka.connect.sink.ErrantRecordReporter reporter) {
        ClickHouseSinkTask task = new ClickHouseSinkTask();
        task.initialize(context);
        task.configure(Map.of(
                ClickHouseSinkConfig.BATCH_MAX_RECORDS,
                Integer.toString(N),
                ClickHouseSinkConfig.BATCH_MAX_WAIT_MS,
                "0", // every put inserts what it buffered
                ClickHouseSinkConfig.TOPIC_TABLE_MAP,
                TOPIC + ":gpu_prices"));
        Function<String, RowConverter> converters = table -> new RowConverter(table, TableColumns.of(ch, table));
        task.wire(
                inserter,
                new ExactlyOnceDelivery(new ClickHouseStateStore(ch, "poison-test")),
                new RejectedRecordReporter(reporter),
                converters);
        task.open(List.of(TP));
        return task;
    }

    private org.apache.kafka.connect.sink.ErrantRecordReporter completedReports() {
        return (record, error) -> {
            deadLetters.put(record.kafkaOffset(), error);
            return CompletableFuture.completedFuture(null);
        };
    }

    private static List<Long> goodOffsets() {
        return IntStream.range(0, N)
                .filter(i -> !POISON.containsKey(i))
                .mapToObj(i -> (long) i)
                .toList();
    }

    private static List<Long> landedOffsets(ClickHouseGateway ch) {
        return ch.query("SELECT _offset FROM " + ch.database() + ".gpu_prices ORDER BY _offset").stream()
                .map(r -> r.getLong(1))
                .collect(Collectors.toList());
    }

    private static long committed(ClickHouseSinkTask task) {
        OffsetAndMetadata o =
                task.preCommit(Map.of(TP, new OffsetAndMetadata(1_000))).get(TP);
        return o == null ? -1 : o.offset();
    }

    private static List<SinkRecord> records(int from, int count) {
        List<SinkRecord> out = new ArrayList<>();
        for (int i = from; i < from + count; i++) {
            Instant at = SampleRecords.BASE.plusSeconds(60L * i);
            double price = 2.0 + i * 0.01;
            switch (i) {
                case 3 -> price = Double.NaN;
                case 7 -> at = Instant.parse("2400-01-01T00:00:00Z");
                case 10 -> price = 5000;
                case 11 -> price = 1e307;
                case 16 -> price = 1e308 * 10; // what a 1e308 ratio makes of a blended price: infinity
                case 21 -> price = 9999;
                default -> {}
            }
            GpuPriceObservation v =
                    SampleRecords.gpuPrice(i, at, "H100-80GB", "us-east-1", "aws", PricingModel.SPOT, price);
            SchemaAndValue connect = new AvroConnectData().toConnectData(v.getSchema(), v);
            out.add(new SinkRecord(
                    TOPIC,
                    0,
                    null,
                    v.getOfferId(),
                    connect.schema(),
                    connect.value(),
                    i,
                    1_700_000_000_000L + i,
                    TimestampType.CREATE_TIME));
        }
        return out;
    }

    /** Inserts through the real gateway; the n-th insert lands and then fails as a lost answer would. */
    private static final class CrashingInserter implements RowInserter {
        private final RowInserter real;
        private final int crashAt;
        private int calls;

        CrashingInserter(RowInserter real, int crashAt) {
            this.real = real;
            this.crashAt = crashAt;
        }

        @Override
        public void insertRows(String table, List<String> columns, List<byte[]> rows, String token) {
            calls++;
            real.insertRows(table, columns, rows, token);
            if (calls == crashAt) {
                throw new ClickHouseException("connection reset while reading the answer", true);
            }
        }
    }

    /** Records the seeks a task asks for; the tests deliver from there, as the worker would. */
    static final class TestContext implements SinkTaskContext {
        final List<Long> seeks = new ArrayList<>();

        @Override
        public Map<String, String> configs() {
            return Map.of();
        }

        @Override
        public void offset(Map<TopicPartition, Long> offsets) {
            offsets.values().forEach(seeks::add);
        }

        @Override
        public void offset(TopicPartition tp, long offset) {
            seeks.add(offset);
        }

        @Override
        public void timeout(long timeoutMs) {}

        @Override
        public Set<TopicPartition> assignment() {
            return Set.of(TP);
        }

        @Override
        public void pause(TopicPartition... partitions) {}

        @Override
        public void resume(TopicPartition... partitions) {}

        @Override
        public void requestCommit() {}

        @Override
        public PluginMetrics pluginMetrics() {
            return null;
        }
    }
}
