package dev.gpuarb.sink.clickhouse.dedup;

import java.util.List;

/**
 * No bookkeeping: a batch whose insert fails, or whose task restarts before offsets are committed,
 * is written again, possibly with different boundaries. Cheapest; duplicates are possible.
 */
public final class AtLeastOnceDelivery implements DeliveryStrategy {

    @Override
    public Recovery recover(String topic, int partition) {
        return Recovery.none();
    }

    @Override
    public String deduplicationToken(Batch batch) {
        return null;
    }

    @Override
    public void beforeInsert(List<Batch> batches) {}

    @Override
    public void afterInsert(List<Batch> batches) {}
}
