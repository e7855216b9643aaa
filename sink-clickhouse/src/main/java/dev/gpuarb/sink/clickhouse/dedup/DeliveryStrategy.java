package dev.gpuarb.sink.clickhouse.dedup;

/**
 * How batches are made safe against retries and task restarts. The task calls, for every batch,
 * {@link #beforeInsert}, the insert (with {@link #deduplicationToken}), then {@link #afterInsert};
 * on any failure it repeats the whole sequence for the same batch, so each step must be idempotent.
 */
public interface DeliveryStrategy {

    /** Called once per partition assignment, before the partition's first record is accepted. */
    Recovery recover(String topic, int partition);

    /** The insert deduplication token of a batch; null for none. */
    String deduplicationToken(Batch batch);

    void beforeInsert(Batch batch);

    void afterInsert(Batch batch);
}
