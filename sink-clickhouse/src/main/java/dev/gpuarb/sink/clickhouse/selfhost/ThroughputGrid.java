package dev.gpuarb.sink.clickhouse.selfhost;

import java.util.List;

/**
 * The points at which {@code gpu_throughput} holds the throughput model's figures. ClickHouse cannot run
 * the model, so the economics views read it at these points only; the CLI accepts exactly these values.
 */
public final class ThroughputGrid {

    /**
     * GPUs per instance: every count GPU listings use (1 to 8, and 10, 12 and 16 GPU machines), so that
     * each listed instance finds its row.
     */
    public static final List<Integer> INSTANCE_GPUS = List.of(1, 2, 3, 4, 5, 6, 7, 8, 10, 12, 16);

    /** Concurrent sequences on one instance: powers of two up to 256, the range the decode calibration measured. */
    public static final List<Integer> CONCURRENCY = List.of(1, 2, 4, 8, 16, 32, 64, 128, 256);

    /** Tokens each sequence holds in the KV cache (prompt plus output so far). */
    public static final List<Integer> CONTEXT_TOKENS = List.of(1024, 2048, 4096, 8192, 16384, 32768);

    /** The context the CLI assumes when none is given. */
    public static final int DEFAULT_CONTEXT_TOKENS = 4096;

    private ThroughputGrid() {}
}
