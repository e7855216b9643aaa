package dev.gpuarb.sink.clickhouse.dedup;

/**
 * {@code topic-partition-min-max}: the same offset range always yields the same token, whatever
 * task or attempt builds the batch, and two ranges never share one. A slice made to isolate a
 * refused row appends its own range ({@code .../sliceMin-sliceMax}); a batch of a later incarnation
 * of the log (epoch above 0) carries {@code -e<epoch>}, so it never collides with a token the old
 * log's rows left in ClickHouse's deduplication window.
 */
public final class DeduplicationToken {

    private DeduplicationToken() {}

    public static String of(Batch batch) {
        Batch root = batch.root() == null ? batch : batch.root();
        String token = batch.topic() + "-" + batch.partition() + (batch.epoch() > 0 ? "-e" + batch.epoch() : "") + "-"
                + root.minOffset() + "-" + root.maxOffset();
        return batch.root() == null ? token : token + "/" + batch.minOffset() + "-" + batch.maxOffset();
    }
}
