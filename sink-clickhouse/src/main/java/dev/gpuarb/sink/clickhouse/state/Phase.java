package dev.gpuarb.sink.clickhouse.state;

/** Where a partition's latest batch stands relative to its insert. */
public enum Phase {
    /** The batch's range is recorded; its insert may or may not have landed. */
    BEFORE,
    /** The batch's insert landed (acknowledged by ClickHouse). */
    AFTER
}
