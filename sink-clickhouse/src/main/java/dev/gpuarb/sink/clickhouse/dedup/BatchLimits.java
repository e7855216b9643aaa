package dev.gpuarb.sink.clickhouse.dedup;

/**
 * When a partition's buffer becomes a batch: at {@code maxRecords} rows, at {@code maxBytes} of
 * RowBinary, or when its oldest row has waited {@code maxWaitMs}, whichever comes first.
 */
public record BatchLimits(int maxRecords, long maxBytes, long maxWaitMs) {

    public BatchLimits {
        if (maxRecords < 1 || maxBytes < 1 || maxWaitMs < 0) {
            throw new IllegalArgumentException(
                    "bad batch limits: " + maxRecords + " rows, " + maxBytes + " bytes, " + maxWaitMs + " ms");
        }
    }
}
