package dev.gpuarb.sink.clickhouse;

import dev.gpuarb.sink.clickhouse.convert.RecordConversionException;
import dev.gpuarb.sink.clickhouse.convert.RowConverter;
import dev.gpuarb.sink.clickhouse.db.ClickHouseException;
import dev.gpuarb.sink.clickhouse.db.ClickHouseGateway;
import dev.gpuarb.sink.clickhouse.db.RowInserter;
import dev.gpuarb.sink.clickhouse.db.TableColumns;
import dev.gpuarb.sink.clickhouse.dedup.AtLeastOnceDelivery;
import dev.gpuarb.sink.clickhouse.dedup.Batch;
import dev.gpuarb.sink.clickhouse.dedup.DeliveryStrategy;
import dev.gpuarb.sink.clickhouse.dedup.ExactlyOnceDelivery;
import dev.gpuarb.sink.clickhouse.dedup.PartitionBatcher;
import dev.gpuarb.sink.clickhouse.dlq.RejectedRecordReporter;
import dev.gpuarb.sink.clickhouse.state.ClickHouseStateStore;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
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
 * recognised and dropped, and the sealed batch is retried as it is.
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
        wire(gateway, strategy, new RejectedRecordReporter(errantRecordReporter()),
                table -> new RowConverter(table, TableColumns.of(gateway, table)));
        log.info("ClickHouse sink task for {} started: {} delivery, batches of up to {} rows or {} ms",
                config.clickHouse(), config.deliveryGuarantee(), config.batchMaxRecords(), config.batchMaxWaitMs());
    }

    /** Connects the collaborators; tests pass fakes here after setting the config. */
    void wire(RowInserter inserter, DeliveryStrategy delivery, RejectedRecordReporter rejects,
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
        }
    }

    @Override
    public void close(Collection<TopicPartition> partitions) {
        // Unsent rows are dropped: their offsets were never committed, so they come back.
        partitions.forEach(batchers::remove);
    }

    @Override
    public void put(Collection<SinkRecord> records) {
        try {
            long now = System.currentTimeMillis();
            for (SinkRecord r : records) {
                accept(r, now);
            }
            insertDueBatches();
        } catch (ClickHouseException e) {
            throw translate(e);
        }
    }

    private void accept(SinkRecord r, long now) {
        TopicPartition tp = new TopicPartition(r.topic(), r.kafkaPartition());
        PartitionBatcher batcher = batchers.computeIfAbsent(tp,
                k -> new PartitionBatcher(k.topic(), k.partition(), config.tableFor(k.topic())));
        if (batcher.needsRecovery()) {
            batcher.recover(delivery.recover(tp.topic(), tp.partition()));
        }
        long offset = r.kafkaOffset();
        if (!batcher.isNew(offset)) {
            return;
        }
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
        batcher.add(offset, row, now);
    }

    private void insertDueBatches() {
        long now = System.currentTimeMillis();
        for (PartitionBatcher batcher : batchers.values()) {
            Batch batch;
            while ((batch = batcher.batchDue(now, config.batchMaxRecords(), config.batchMaxWaitMs())) != null) {
                // The whole sequence is repeated for the same batch after any failure: each step is idempotent.
                delivery.beforeInsert(batch);
                inserter.insertJsonEachRow(batch.table(), batch.payload(), delivery.deduplicationToken(batch));
                delivery.afterInsert(batch);
                batcher.delivered(batch);
                log.debug("inserted {}", batch);
            }
        }
    }

    @Override
    public Map<TopicPartition, OffsetAndMetadata> preCommit(Map<TopicPartition, OffsetAndMetadata> currentOffsets) {
        try {
            insertDueBatches();
        } catch (ClickHouseException e) {
            // Keep the sealed batch; the next put retries it. Commit only what has landed.
            log.warn("ClickHouse insert failed before an offset commit ({}); will retry", e.getMessage());
        }
        rejects.awaitReported();
        Map<TopicPartition, OffsetAndMetadata> safe = new HashMap<>();
        for (TopicPartition tp : currentOffsets.keySet()) {
            PartitionBatcher batcher = batchers.get(tp);
            long offset = batcher == null ? -1 : batcher.safeCommitOffset();
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
        converters.clear();
        if (gateway != null) {
            gateway.close();
        }
    }
}
