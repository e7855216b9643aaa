package dev.gpuarb.sink.clickhouse.db;

import java.util.List;

/** Writes one batch of rows to one table. */
public interface RowInserter {

    /**
     * Inserts {@code rows} into {@code table} atomically. The rows are RowBinaryWithDefaults, each
     * holding {@code columns} in that order (the converter's {@code columnNames()}); the insert's body is
     * their bytes one after the other (an element may also hold several rows). With a token,
     * ClickHouse drops the insert when a block with the same token was already written (the retry
     * of a batch whose first attempt landed but whose answer was lost).
     *
     * @throws ClickHouseException on failure; {@link ClickHouseException#isTransient()} says whether to retry
     */
    void insertRows(String table, List<String> columns, List<byte[]> rows, String deduplicationToken);
}
