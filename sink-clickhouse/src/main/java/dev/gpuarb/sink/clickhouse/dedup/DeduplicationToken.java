package dev.gpuarb.sink.clickhouse.dedup;

/**
 * {@code topic-partition-min-max}: the same offset range always yields the same token, whatever
 * task or attempt builds the batch, and two ranges never share one.
 */
public final class DeduplicationToken {

    private DeduplicationToken() {
    }

    public static String of(Batch batch) {
        return batch.topic() + "-" + batch.partition() + "-" + batch.minOffset() + "-" + batch.maxOffset();
    }
}
