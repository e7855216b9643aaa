package dev.gpuarb.sink.clickhouse.state;

/**
 * The exactly-once bookkeeping of one topic-partition: the offset range of its latest batch and
 * whether that batch's insert is known to have landed.
 *
 * @param epoch  incarnation of the partition's log (0 for the first; raised when the sink finds the
 *               log recreated or reset under the same name)
 * @param anchor {@code RecordAnchor} of the record at maxOffset; empty in rows written before anchors
 */
public record PartitionState(
        String topic, int partition, int epoch, long minOffset, long maxOffset, Phase phase, String anchor) {

    /** Offsets stay below this, so an epoch fits above them in the version. */
    static final long MAX_OFFSET = (1L << 46) - 1;

    public PartitionState {
        if (minOffset < 0 || maxOffset < minOffset || maxOffset > MAX_OFFSET) {
            throw new IllegalArgumentException("bad offset range [" + minOffset + ", " + maxOffset + "]");
        }
        if (epoch < 0 || epoch > 0xFFFF) {
            throw new IllegalArgumentException("bad epoch " + epoch);
        }
        anchor = anchor == null ? "" : anchor;
    }

    /**
     * Grows with every transition (BEFORE then AFTER of a batch, then the next batch's BEFORE, and
     * any transition of a later epoch), and is the same when a transition is repeated, so the newest
     * row always wins. For epoch 0 it is {@code 2 * maxOffset + (AFTER ? 1 : 0)}, as before epochs.
     */
    public long version() {
        return ((long) epoch << 47) | (2 * maxOffset + (phase == Phase.AFTER ? 1 : 0));
    }
}
