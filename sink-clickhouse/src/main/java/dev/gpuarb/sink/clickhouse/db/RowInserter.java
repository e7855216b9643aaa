package dev.gpuarb.sink.clickhouse.db;

/** Writes one batch of rows to one table. */
public interface RowInserter {

    /**
     * Inserts {@code rows} (JSONEachRow) into {@code table} atomically. With a token, ClickHouse
     * drops the insert when a block with the same token was already written (the retry of a batch
     * whose first attempt landed but whose answer was lost).
     *
     * @throws ClickHouseException on failure; {@link ClickHouseException#isTransient()} says whether to retry
     */
    void insertJsonEachRow(String table, byte[] rows, String deduplicationToken);
}
