package dev.gpuarb.sink.clickhouse.dedup;

import java.util.List;

/**
 * How batches are made safe against retries and task restarts. The task calls, for the batches due
 * at once (at most one per partition), {@link #beforeInsert}, their inserts (with
 * {@link #deduplicationToken}), then {@link #afterInsert}; on any failure it repeats the whole
 * sequence for the same batches, so each step must be idempotent.
 */
public interface DeliveryStrategy {

    /** Called once per partition assignment, before the partition's first record is accepted. */
    Recovery recover(String topic, int partition);

    /** The insert deduplication token of a batch; null for none. */
    String deduplicationToken(Batch batch);

    /** Before any of these batches is inserted; one batch per partition. */
    void beforeInsert(List<Batch> batches);

    /** Once every one of these batches has landed (or had its refused rows dead-lettered). */
    void afterInsert(List<Batch> batches);
}
