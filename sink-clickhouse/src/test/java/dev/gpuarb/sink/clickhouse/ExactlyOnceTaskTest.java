package dev.gpuarb.sink.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.gpuarb.avro.GpuPriceObservation;
import dev.gpuarb.avro.PricingModel;
import dev.gpuarb.connect.AvroConnectData;
import dev.gpuarb.sink.clickhouse.convert.RowConverter;
import dev.gpuarb.sink.clickhouse.db.TableColumn;
import dev.gpuarb.sink.clickhouse.dedup.AtLeastOnceDelivery;
import dev.gpuarb.sink.clickhouse.dedup.DeliveryStrategy;
import dev.gpuarb.sink.clickhouse.dedup.ExactlyOnceDelivery;
import dev.gpuarb.sink.clickhouse.dlq.RejectedRecordReporter;
import dev.gpuarb.sink.clickhouse.state.PartitionState;
import dev.gpuarb.sink.clickhouse.state.Phase;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.LongStream;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.metrics.PluginMetrics;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.errors.RetriableException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTaskContext;
import org.junit.jupiter.api.Test;

/** The task's delivery state machine against a ClickHouse stand-in that fails on request. */
class ExactlyOnceTaskTest {

    private static final String TOPIC = "prices.gpu";
    private static final TopicPartition TP = new TopicPartition(TOPIC, 0);
    private static final List<TableColumn> COLUMNS = List.of(
            new TableColumn("offer_id", "String", false),
            new TableColumn("usd_per_gpu_hour", "Float64", false),
            new TableColumn("observed_at", "DateTime64(3, 'UTC')", false),
            new TableColumn("_topic", "LowCardinality(String)", false),
            new TableColumn("_partition", "UInt32", false),
            new TableColumn("_offset", "UInt64", false),
            new TableColumn("_inserted_at", "DateTime64(3, 'UTC')", true));

    private final FakeClickHouse clickHouse = new FakeClickHouse(COLUMNS);
    private final InMemoryStateStore store = new InMemoryStateStore();
    private final List<Long> deadLettered = new ArrayList<>();
    /** The context of the task made last. */
    private TestContext context;

    @Test
    void lostAnswersFailedInsertsAndACrashStillWriteEveryOffsetOnce() {
        ClickHouseSinkTask task = newTask(new ExactlyOnceDelivery(store));
        task.put(records(0, 25)); // batches [0..9] and [10..19]; 5 rows buffered
        assertThat(clickHouse.offsets).hasSize(20);

        clickHouse.failNextInsert(FakeClickHouse.Failure.AFTER_LANDING);
        assertThatThrownBy(() -> task.put(records(25, 5))).isInstanceOf(RetriableException.class);
        task.put(records(25, 5)); // the worker re-delivers; the same batch is retried
        assertThat(clickHouse.deduplicated).isEqualTo(1);

        store.failNextAfterWrite(); // landed, but the AFTER state was not written
        assertThatThrownBy(() -> task.put(records(30, 10))).isInstanceOf(RetriableException.class);
        int inserts = clickHouse.inserts;
        task.put(List.of()); // the insert is known to have landed: only the state is written
        assertThat(clickHouse.inserts).isEqualTo(inserts);
        assertThat(store.writes.get(store.writes.size() - 1)).satisfies(s -> {
            assertThat(s.phase()).isEqualTo(Phase.AFTER);
            assertThat(s.maxOffset()).isEqualTo(39);
        });

        clickHouse.setDown(true);
        assertThatThrownBy(() -> task.put(records(40, 13))).isInstanceOf(RetriableException.class);
        assertThat(store.writes.get(store.writes.size() - 1).phase()).isEqualTo(Phase.BEFORE);
        assertThat(committed(task)).isEqualTo(40);
        // The task dies here without closing: rows 40..52 exist only in its memory.

        clickHouse.setDown(false);
        ClickHouseSinkTask restarted = newTask(new ExactlyOnceDelivery(store));
        // The new task moves the consumer to the start of the unfinished range [40..49].
        assertThat(context.seeks).containsExactly(40L);
        for (int from = 40; from < 70; from += 7) {
            restarted.put(records(from, Math.min(7, 70 - from)));
        }
        restarted.preCommit(Map.of(TP, new OffsetAndMetadata(70)));
        task.stop();

        assertThat(clickHouse.offsets)
                .containsExactlyInAnyOrderElementsOf(
                        LongStream.range(0, 70).boxed().toList());
        assertThat(committed(restarted)).isEqualTo(70);
    }

    @Test
    void aRestartAfterALostAnswerReplaysTheSameRangeSoClickHouseDropsIt() {
        ClickHouseSinkTask task = newTask(new ExactlyOnceDelivery(store));
        task.put(records(0, 5));
        clickHouse.failNextInsert(FakeClickHouse.Failure.AFTER_LANDING);
        assertThatThrownBy(() -> task.put(records(5, 8))).isInstanceOf(RetriableException.class);
        assertThat(clickHouse.offsets).hasSize(10);

        // A new task receives the records in other chunks; the recorded range [0..9] is rebuilt exactly.
        ClickHouseSinkTask restarted = newTask(new ExactlyOnceDelivery(store));
        assertThat(context.seeks).containsExactly(0L);
        restarted.put(records(0, 3));
        restarted.put(records(3, 17));
        restarted.preCommit(Map.of(TP, new OffsetAndMetadata(20)));

        assertThat(clickHouse.deduplicated).isEqualTo(1);
        assertThat(clickHouse.offsets)
                .containsExactlyInAnyOrderElementsOf(
                        LongStream.range(0, 20).boxed().toList());
    }

    @Test
    void atLeastOnceWritesARetriedBatchTwiceWhenTheAnswerWasLost() {
        ClickHouseSinkTask task = newTask(new AtLeastOnceDelivery());
        clickHouse.failNextInsert(FakeClickHouse.Failure.AFTER_LANDING);
        assertThatThrownBy(() -> task.put(records(0, 10))).isInstanceOf(RetriableException.class);
        task.put(records(0, 10));
        assertThat(clickHouse.offsets).hasSize(20);
        assertThat(Set.copyOf(clickHouse.offsets)).hasSize(10);
    }

    @Test
    void recordsThatCannotBeStoredGoToTheDeadLetterReporterAndAreCommittedPast() {
        ClickHouseSinkTask task = newTask(new ExactlyOnceDelivery(store), 0);
        List<SinkRecord> batch = new ArrayList<>(records(0, 4));
        batch.add(record(4, Instant.parse("2400-01-01T00:00:00Z")));
        batch.add(record(5, Instant.parse("1850-06-01T00:00:00Z")));
        batch.addAll(records(6, 4));
        task.put(batch);

        assertThat(deadLettered).containsExactly(4L, 5L);
        assertThat(clickHouse.offsets).containsExactlyInAnyOrder(0L, 1L, 2L, 3L, 6L, 7L, 8L, 9L);
        assertThat(committed(task)).isEqualTo(10);
    }

    @Test
    void theBatchesDueTogetherShareOneBeforeAndOneAfterWrite() {
        TopicPartition other = new TopicPartition(TOPIC, 1);
        ClickHouseSinkTask task = newTask(new ExactlyOnceDelivery(store), 3_600_000, List.of(TP, other));
        List<SinkRecord> both = new ArrayList<>(records(0, 0, 10));
        both.addAll(records(1, 0, 10));
        task.put(both);

        assertThat(clickHouse.inserts).isEqualTo(2);
        assertThat(store.requests).hasSize(2);
        assertThat(store.requests.get(0))
                .extracting(PartitionState::partition, PartitionState::phase)
                .containsExactlyInAnyOrder(tuple(0, Phase.BEFORE), tuple(1, Phase.BEFORE));
        assertThat(store.requests.get(1))
                .extracting(PartitionState::partition, PartitionState::phase)
                .containsExactlyInAnyOrder(tuple(0, Phase.AFTER), tuple(1, Phase.AFTER));
        assertThat(task.preCommit(Map.of(TP, new OffsetAndMetadata(10), other, new OffsetAndMetadata(10))))
                .containsEntry(TP, new OffsetAndMetadata(10))
                .containsEntry(other, new OffsetAndMetadata(10));
    }

    @Test
    void aTaskWithRowsWaitingAsksTheWorkerToComeBackWhenTheyAreDue() {
        ClickHouseSinkTask task = newTask(new ExactlyOnceDelivery(store), 60_000);
        task.put(records(0, 10));
        assertThat(context.timeouts).as("nothing left waiting").isEmpty();

        long before = System.currentTimeMillis();
        task.put(records(10, 3));
        assertThat(context.timeouts).hasSize(1);
        assertThat(context.timeouts.get(0)).isBetween(60_000 - (System.currentTimeMillis() - before), 60_000L);
    }

    private ClickHouseSinkTask newTask(DeliveryStrategy delivery) {
        return newTask(delivery, 3_600_000);
    }

    private ClickHouseSinkTask newTask(DeliveryStrategy delivery, long maxWaitMs) {
        return newTask(delivery, maxWaitMs, List.of(TP));
    }

    private ClickHouseSinkTask newTask(DeliveryStrategy delivery, long maxWaitMs, List<TopicPartition> partitions) {
        ClickHouseSinkTask task = new ClickHouseSinkTask();
        context = new TestContext();
        task.initialize(context);
        task.configure(Map.of(
                ClickHouseSinkConfig.BATCH_MAX_RECORDS,
                "10",
                ClickHouseSinkConfig.BATCH_MAX_WAIT_MS,
                Long.toString(maxWaitMs),
                ClickHouseSinkConfig.TOPIC_TABLE_MAP,
                TOPIC + ":gpu_prices"));
        task.wire(
                clickHouse,
                delivery,
                new RejectedRecordReporter((record, error) -> {
                    deadLettered.add(record.kafkaOffset());
                    return CompletableFuture.completedFuture(null);
                }),
                table -> new RowConverter(table, COLUMNS));
        task.open(partitions);
        return task;
    }

    private static long committed(ClickHouseSinkTask task) {
        OffsetAndMetadata o =
                task.preCommit(Map.of(TP, new OffsetAndMetadata(1_000))).get(TP);
        return o == null ? -1 : o.offset();
    }

    private static List<SinkRecord> records(int from, int count) {
        return records(0, from, count);
    }

    private static List<SinkRecord> records(int partition, int from, int count) {
        List<SinkRecord> out = new ArrayList<>();
        for (int i = from; i < from + count; i++) {
            out.add(record(partition, i, SampleRecords.BASE.plusSeconds(i)));
        }
        return out;
    }

    private static SinkRecord record(int offset, Instant at) {
        return record(0, offset, at);
    }

    private static SinkRecord record(int partition, int offset, Instant at) {
        GpuPriceObservation v =
                SampleRecords.gpuPrice(offset, at, "H100-80GB", "us-east-1", "aws", PricingModel.SPOT, 2.5);
        SchemaAndValue connect = new AvroConnectData().toConnectData(v.getSchema(), v);
        return new SinkRecord(TOPIC, partition, null, v.getOfferId(), connect.schema(), connect.value(), offset);
    }

    /** Records the seeks a task asks for; the tests deliver from there, as the worker would. */
    private static final class TestContext implements SinkTaskContext {
        final List<Long> seeks = new ArrayList<>();
        final List<Long> timeouts = new ArrayList<>();

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
        public void timeout(long timeoutMs) {
            timeouts.add(timeoutMs);
        }

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
