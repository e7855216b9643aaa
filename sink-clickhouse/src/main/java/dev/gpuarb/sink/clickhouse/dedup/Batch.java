package dev.gpuarb.sink.clickhouse.dedup;

import java.util.ArrayList;
import java.util.List;

/**
 * Rows of one topic-partition for one table, covering the offset range [minOffset, maxOffset]
 * (rejected records inside the range have no row).
 *
 * @param epoch  the incarnation of the partition's log this batch was read from (0 until a
 *               recreated topic or a reset log is detected; see the README)
 * @param anchor identifies the record at maxOffset (its timestamp and key), so that a later task can
 *               tell whether the log at that offset is still the one that was written
 * @param root   null for a batch cut from the buffer; for a slice made to isolate a row ClickHouse
 *               refused, the batch it was cut from
 */
public record Batch(
        String topic,
        int partition,
        String table,
        int epoch,
        long minOffset,
        long maxOffset,
        List<BatchRow> rows,
        String anchor,
        Batch root) {

    public Batch {
        rows = List.copyOf(rows);
    }

    public int rowCount() {
        return rows.size();
    }

    /** The rows' bytes, in order: one insert body (each row's bytes stand alone, so any slice is one too). */
    public List<byte[]> rowBytes() {
        List<byte[]> out = new ArrayList<>(rows.size());
        for (BatchRow r : rows) {
            out.add(r.bytes());
        }
        return out;
    }

    /** Rows [from, to) as a slice of the same root batch; its range is that of its own rows. */
    public Batch slice(int from, int to) {
        List<BatchRow> part = rows.subList(from, to);
        return new Batch(
                topic,
                partition,
                table,
                epoch,
                part.get(0).offset(),
                part.get(part.size() - 1).offset(),
                part,
                anchor,
                root == null ? this : root);
    }

    @Override
    public String toString() {
        return "Batch[" + topic + "-" + partition + (epoch > 0 ? " epoch " + epoch : "") + " [" + minOffset + ", "
                + maxOffset + "]" + (root == null ? "" : " of [" + root.minOffset + ", " + root.maxOffset + "]")
                + " -> " + table + ", " + rows.size() + " rows]";
    }
}
