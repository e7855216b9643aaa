package dev.gpuarb.throughput;

/** What sets the decode speed of an estimate, or why it has none. */
public enum DecodeLimit {
    /** Moving weights and KV cache takes longer than the arithmetic. */
    MEMORY_BANDWIDTH,
    /** The arithmetic takes longer than moving the bytes. */
    COMPUTE,
    /** A user-supplied measurement ({@link MeasuredThroughput}). */
    MEASURED,
    /** Weights plus KV cache exceed the usable memory: no throughput figure. */
    DOES_NOT_FIT,
    /** The GPU has no datasheet figure and no measurement: no throughput figure. */
    NO_DATASHEET
}
