package dev.gpuarb.sink.clickhouse;

import dev.gpuarb.sink.clickhouse.convert.RecordConversionException;
import dev.gpuarb.sink.clickhouse.convert.RowConverter;
import dev.gpuarb.sink.clickhouse.db.ClickHouseException;
import dev.gpuarb.sink.clickhouse.db.ClickHouseGateway;
import dev.gpuarb.sink.clickhouse.db.RowInserter;
import dev.gpuarb.sink.clickhouse.db.TableColumns;
import dev.gpuarb.sink.clickhouse.dedup.AtLeastOnceDelivery;
import dev.gpuarb.sink.clickhouse.dedup.Batch;
import dev.gpuarb.sink.clickhouse.dedup.BatchInsert;
import dev.gpuarb.sink.clickhouse.dedup.BatchLimits;
import dev.gpuarb.sink.clickhouse.dedup.DeliveryStrategy;
import dev.gpuarb.sink.clickhouse.dedup.ExactlyOnceDelivery;
import dev.gpuarb.sink.clickhouse.dedup.PartitionBatcher;
import dev.gpuarb.sink.clickhouse.dedup.Recovery;
import dev.gpuarb.sink.clickhouse.dlq.RejectedRecordReporter;
import dev.gpuarb.sink.clickhouse.state.ClickHouseStateStore;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.RetriableException;
import org.apache.kafka.connect.sink.ErrantRecordReporter;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Buffers records per topic-partition, inserts them in batches and tells the worker to commit
 * only offsets whose rows have landed. A transient ClickHouse failure keeps the sealed batch and
 * asks the worker to re-deliver later ({@link RetriableException}); re-delivered offsets are
 * recognised and dropped, and the sealed batch is retried as it is. Rows ClickHouse refuses for
 * their data are isolated ({@link BatchInsert}) and dead-lettered; on assignment the consumer is
 * moved to where the partition's state says, and a recreated or reset log is recognised there.
 */
public class ClickHouseSinkTask extends SinkTask {

    private static final Logger log = LoggerFactory.getLogger(ClickHouseSinkTask.class);

    private ClickHouseSinkConfig config;
    private ClickHouseGateway gateway;
    private RowInserter inserter;
    private DeliveryStrategy delivery;
    private RejectedRecordReporter rejects;
    private Function<String, RowConverter> converterFactory;
    private final Map<String, RowConverter> converters = new HashMap<>();
    private final Map<TopicPartition, PartitionBatcher> batchers = new HashMap<>();
    /** The insert in progress per partition, kept across retries of its batch. */
    private final Map<TopicPartition, BatchInsert> inserts = new HashMap<>();
    /** Partitions whose state could not be read when assigned; paused until it can. */
    private final Set<TopicPartition> pausedForRecovery = new HashSet<>();
    /** Fresh (not re-delivered) puts so far: tells records read after a requested seek from earlier ones. */
    private long putSeq;

    private boolean nextPutIsRedelivery;

    @Override
    public String version() {
        return Version.get();
    }

    @Override
    public void start(Map<String, String> props) {
        config = new ClickHouseSinkConfig(props);
        gateway = new ClickHouseGateway(config.clickHouse());
        DeliveryStrategy strategy = config.deliveryGuarantee() == ClickHouseSinkConfig.DeliveryGuarantee.EXACTLY_ONCE
                ? new ExactlyOnceDelivery(new ClickHouseStateStore(gateway, config.connectorName()))
                : new AtLeastOnceDelivery();
        wire(
                gateway,
                strategy,
                new RejectedRecordReporter(errantRecordReporter()),
                table -> new RowConverter(table, TableColumns.of(gateway, table)));
        log.info(
                "ClickHouse sink task for {} started: {} delivery, batches of up to {} rows, {} bytes or {} ms",
                config.clickHouse(),
                config.deliveryGuarantee(),
                config.batchMaxRecords(),
                config.batchMaxBytes(),
                config.batchMaxWaitMs());
    }

    /** Connects the collaborators; tests pass fakes here after setting the config. */
    void wire(
            RowInserter inserter,
            DeliveryStrategy delivery,
            RejectedRecordReporter rejects,
            Function<String, RowConverter> converterFactory) {
        this.inserter = inserter;
        this.delivery = delivery;
        this.rejects = rejects;
        this.converterFactory = converterFactory;
    }

    void configure(Map<String, String> props) {
        config = new ClickHouseSinkConfig(props);
    }

    private ErrantRecordReporter errantRecordReporter() {
        try {
            return context.errantRecordReporter();
        } catch (NoSuchMethodError | NoClassDefFoundError e) {
            return null; // a worker older than Kafka 2.6
        }
    }

    @Override
    public void open(Collection<TopicPartition> partitions) {
        for (TopicPartition tp : partitions) {
            batchers.put(tp, new PartitionBatcher(tp.topic(), tp.partition(), config.tableFor(tp.topic())));
            try {
                // Here, before the consumer fetches, a seek applies to every record delivered after it.
                recoverPartition(tp);
                if (pausedForRecovery.remove(tp)) {
                    context.resume(tp);
                }
            } catch (ClickHouseException e) {
                // An exception here would fail the task: hold the partition until its state can be read.
                log.warn(
                        "{}: cannot read the sink state ({}); the partition waits until ClickHouse answers",
                        tp,
                        e.getMessage());
                pausedForRecovery.add(tp);
                context.pause(tp);
            }
        }
    }

    @Override
    public void close(Collection<TopicPartition> partitions) {
        // Unsent rows are dropped: their offsets were never committed, so they come back.
        for (TopicPartition tp : partitions) {
            batchers.remove(tp);
            inserts.remove(tp);
        }
    }

    @Override
    public void put(Collection<SinkRecord> records) {
        boolean redelivery = nextPutIsRedelivery;
        if (!redelivery) {
            putSeq++;
        }
        try {
            recoverPausedPartitions();
            long now = System.currentTimeMillis();
            for (SinkRecord r : records) {
                accept(r, now, redelivery);
            }
            insertDueBatches();
            nextPutIsRedelivery = false;
            wakeUpWhenDue();
        } catch (ClickHouseException e) {
            RuntimeException failure = translate(e);
            // After a RetriableException the worker delivers the same records again.
            nextPutIsRedelivery = failure instanceof RetriableException;
            throw failure;
        }
    }

    private void recoverPausedPartitions() {
        for (var it = pausedForRecovery.iterator(); it.hasNext(); ) {
            TopicPartition tp = it.next();
            if (!batchers.containsKey(tp)) {
                continue; // revoked meanwhile; open() recovers it if it comes back
            }
            recoverPartition(tp);
            it.remove();
            context.resume(tp);
        }
    }

    /** Reads the partition's state and moves the consumer to where the state says to go on. */
    private void recoverPartition(TopicPartition tp) {
        PartitionBatcher batcher = batchers.get(tp);
        Recovery recovery = delivery.recover(tp.topic(), tp.partition());
        long seek = batcher.recover(recovery, putSeq);
        if (seek >= 0) {
            context.offset(tp, seek);
        }
        log.info("{}: recovered {}{}", tp, recovery, seek >= 0 ? "; reading from offset " + seek : "");
    }

    private void accept(SinkRecord r, long now, boolean redelivery) {
        TopicPartition tp = new TopicPartition(r.topic(), r.kafkaPartition());
        PartitionBatcher batcher = batchers.get(tp);
        if (batcher == null || batcher.needsRecovery()) {
            if (pausedForRecovery.contains(tp)) {
                return; // delivered before the pause took effect; comes again after the seek
            }
            batcher = new PartitionBatcher(tp.topic(), tp.partition(), config.tableFor(tp.topic()));
            batchers.put(tp, batcher);
            recoverPartition(tp);
        }
        PartitionBatcher.Admission admission = batcher.admit(r, putSeq, redelivery);
        long seek = batcher.takeSeek();
        if (seek >= 0) {
            context.offset(tp, seek);
        }
        switch (admission) {
            case IGNORE -> {
                return;
            }
            case RECOVER -> {
                batchers.put(tp, new PartitionBatcher(tp.topic(), tp.partition(), batcher.table()));
                inserts.remove(tp);
                recoverPartition(tp);
                return;
            }
            case NEW -> {}
        }
        long offset = r.kafkaOffset();
        if (r.value() == null) {
            batcher.skip(offset); // a tombstone on a compacted topic: nothing to append
            return;
        }
        byte[] row;
        try {
            row = converters.computeIfAbsent(batcher.table(), converterFactory).convert(r);
        } catch (RecordConversionException e) {
            rejects.reject(r, e);
            batcher.skip(offset);
            return;
        }
        // Buffered without its converted value, the largest part of a record in memory: the row's bytes
        // replace it, and a dead letter is written from the consumer record the worker keeps behind it.
        batcher.add(
                r.newRecord(
                        r.topic(), r.kafkaPartition(), r.keySchema(), r.key(), null, null, r.timestamp(), r.headers()),
                row,
                now);
    }

    /**
     * Inserts every batch that is due, in rounds of at most one batch per partition: one state write
     * (BEFORE) for the round, the inserts, then one state write (AFTER).
     */
    private void insertDueBatches() {
        BatchLimits limits = config.batchLimits();
        while (true) {
            long now = System.currentTimeMillis();
            Map<TopicPartition, Batch> due = new LinkedHashMap<>();
            for (Map.Entry<TopicPartition, PartitionBatcher> e : batchers.entrySet()) {
                if (!e.getValue().needsRecovery()) {
                    Batch batch = e.getValue().batchDue(now, limits);
                    if (batch != null) {
                        due.put(e.getKey(), batch);
                    }
                }
            }
            if (due.isEmpty()) {
                return;
            }
            List<Batch> round = List.copyOf(due.values());
            // The whole sequence is repeated for the same batches after any failure: each step is idempotent.
            delivery.beforeInsert(round);
            for (Map.Entry<TopicPartition, Batch> e : due.entrySet()) {
                Batch sealed = e.getValue();
                BatchInsert insert = inserts.compute(
                        e.getKey(),
                        (k, current) ->
                                current != null && current.batch() == sealed ? current : new BatchInsert(sealed));
                // Every row of a batch came from this table's converter (one per task), so its columns.
                insert.run(
                        inserter,
                        converters.get(sealed.table()).columnNames(),
                        delivery::deduplicationToken,
                        (row, refusal) -> rejects.reject(row.record(), refusal));
            }
            // AFTER says every offset of the range is handled: its dead letters must be durable first.
            rejects.awaitReported();
            delivery.afterInsert(round);
            for (Map.Entry<TopicPartition, Batch> e : due.entrySet()) {
                batchers.get(e.getKey()).delivered(e.getValue());
                inserts.remove(e.getKey());
                log.debug("inserted {}", e.getValue());
            }
        }
    }

    /**
     * Without new records the worker calls {@code put} again only at its next offset commit
     * ({@code offset.flush.interval.ms}); asks it to come back when the oldest buffered row is due.
     */
    private void wakeUpWhenDue() {
        long now = System.currentTimeMillis();
        long wait = -1;
        for (PartitionBatcher batcher : batchers.values()) {
            long w = batcher.needsRecovery() ? -1 : batcher.msUntilDue(now, config.batchLimits());
            if (w >= 0 && (wait < 0 || w < wait)) {
                wait = w;
            }
        }
        if (wait >= 0) {
            context.timeout(Math.max(1, wait)); // 0 would mean "no timeout" to the worker
        }
    }

    @Override
    public Map<TopicPartition, OffsetAndMetadata> preCommit(Map<TopicPartition, OffsetAndMetadata> currentOffsets) {
        try {
            insertDueBatches();
            wakeUpWhenDue();
        } catch (ClickHouseException e) {
            // Keep the sealed batch; the next put retries it. Commit only what has landed.
            log.warn("ClickHouse insert failed before an offset commit ({}); will retry", e.getMessage());
        }
        rejects.awaitReported();
        Map<TopicPartition, OffsetAndMetadata> safe = new HashMap<>();
        for (TopicPartition tp : currentOffsets.keySet()) {
            PartitionBatcher batcher = batchers.get(tp);
            long offset = batcher == null || batcher.needsRecovery() ? -1 : batcher.safeCommitOffset();
            if (offset >= 0) {
                safe.put(tp, new OffsetAndMetadata(offset));
            }
        }
        return safe;
    }

    private RuntimeException translate(ClickHouseException e) {
        if (e.isTransient()) {
            log.warn("ClickHouse unavailable ({}); retrying in {} ms", e.getMessage(), config.retryBackoffMs());
            context.timeout(config.retryBackoffMs());
            return new RetriableException(e.getMessage(), e);
        }
        return new ConnectException("ClickHouse refused the sink's request: " + e.getMessage(), e);
    }

    @Override
    public void stop() {
        batchers.clear();
        inserts.clear();
        converters.clear();
        if (gateway != null) {
            gateway.close();
        }
    }
}
