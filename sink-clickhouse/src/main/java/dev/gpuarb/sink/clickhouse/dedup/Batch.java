package dev.gpuarb.sink.clickhouse.dedup;

/**
 * Rows of one topic-partition for one table, covering the offset range [minOffset, maxOffset]
 * (rejected records inside the range have no row).
 */
public record Batch(String topic, int partition, String table, long minOffset, long maxOffset, int rowCount,
                   byte[] payload) {

    @Override
    public String toString() {
        return "Batch[" + topic + "-" + partition + " [" + minOffset + ", " + maxOffset + "] -> " + table
                + ", " + rowCount + " rows]";
    }
}
