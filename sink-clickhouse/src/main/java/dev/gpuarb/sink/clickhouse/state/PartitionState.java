package dev.gpuarb.sink.clickhouse.state;

/**
 * The exactly-once bookkeeping of one topic-partition: the offset range of its latest batch and
 * whether that batch's insert is known to have landed.
 */
public record PartitionState(String topic, int partition, long minOffset, long maxOffset, Phase phase) {

    public PartitionState {
        if (minOffset < 0 || maxOffset < minOffset) {
            throw new IllegalArgumentException("bad offset range [" + minOffset + ", " + maxOffset + "]");
        }
    }

    /**
     * Grows with every transition (BEFORE then AFTER of a batch, then the next batch's BEFORE),
     * and is the same when a transition is repeated, so the newest row always wins.
     */
    public long version() {
        return 2 * maxOffset + (phase == Phase.AFTER ? 1 : 0);
    }
}
