package dev.gpuarb.sink.clickhouse.dedup;

import dev.gpuarb.sink.clickhouse.db.ClickHouseException;
import dev.gpuarb.sink.clickhouse.db.RowInserter;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Inserts one sealed batch, isolating rows ClickHouse refuses. The whole batch is inserted first;
 * when ClickHouse refuses it for its data ({@link ClickHouseException#isRowRefusal()}), it is cut in
 * two halves by row count, each inserted (and, if refused, halved again) left before right, until
 * every row has either landed in a slice or been refused alone, and those go to the dead-letter
 * callback. The slices depend only on the batch's rows, so a retry of the same batch after a crash
 * makes the same slices with the same tokens; ClickHouse drops the ones that had landed.
 *
 * <p>An instance belongs to one sealed batch and remembers, for retries in the same task, which
 * slices landed or were refused and which rows were dead-lettered, so a transient failure half way
 * neither repeats the work nor reports a row twice.
 */
public final class BatchInsert {

    /** Receives a row ClickHouse refused on its own, with the refusal. */
    public interface RefusedRows {
        void refused(BatchRow row, ClickHouseException refusal);
    }

    private static final Logger log = LoggerFactory.getLogger(BatchInsert.class);

    private final Batch batch;
    private final Set<String> landed = new HashSet<>();
    private final Map<String, ClickHouseException> refused = new HashMap<>();
    private final Set<Long> deadLettered = new HashSet<>();

    public BatchInsert(Batch batch) {
        if (batch.root() != null) {
            throw new IllegalArgumentException("not a sealed batch: " + batch);
        }
        this.batch = batch;
    }

    public Batch batch() {
        return batch;
    }

    /**
     * Inserts every row that ClickHouse accepts and hands each refused row to {@code refusedRows}.
     *
     * @param columns the columns each row holds, in order (the table's converter's column names)
     * @param tokens the deduplication token of a batch or slice (null for none)
     * @throws ClickHouseException for any failure that is not a refusal of rows; calling again with
     *                             the same batch continues where this call stopped
     */
    public void run(
            RowInserter inserter, List<String> columns, Function<Batch, String> tokens, RefusedRows refusedRows) {
        insert(batch, inserter, columns, tokens, refusedRows);
    }

    private void insert(
            Batch part,
            RowInserter inserter,
            List<String> columns,
            Function<Batch, String> tokens,
            RefusedRows refusedRows) {
        String key = part.minOffset() + "-" + part.maxOffset() + (part.root() == null ? "" : "/slice");
        if (landed.contains(key)) {
            return;
        }
        ClickHouseException refusal = refused.get(key);
        if (refusal == null) {
            try {
                inserter.insertRows(part.table(), columns, part.rowBytes(), tokens.apply(part));
                landed.add(key);
                return;
            } catch (ClickHouseException e) {
                if (!e.isRowRefusal()) {
                    throw e;
                }
                refusal = e;
                refused.put(key, e);
                if (part.root() == null) {
                    log.warn(
                            "ClickHouse refused {} for its data ({}); isolating the refused rows",
                            part,
                            e.getMessage());
                }
            }
        }
        if (part.rowCount() == 1) {
            BatchRow row = part.rows().get(0);
            if (!deadLettered.contains(row.offset())) {
                log.warn(
                        "{}-{}@{}: ClickHouse refused the row; sending it to the dead-letter topic: {}",
                        part.topic(),
                        part.partition(),
                        row.offset(),
                        refusal.getMessage());
                refusedRows.refused(row, refusal);
                deadLettered.add(row.offset());
            }
            return;
        }
        int mid = part.rowCount() / 2;
        insert(part.slice(0, mid), inserter, columns, tokens, refusedRows);
        insert(part.slice(mid, part.rowCount()), inserter, columns, tokens, refusedRows);
    }
}
