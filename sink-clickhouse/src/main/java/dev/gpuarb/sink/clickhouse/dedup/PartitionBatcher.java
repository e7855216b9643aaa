package dev.gpuarb.sink.clickhouse.dedup;

import java.io.ByteArrayOutputStream;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Buffers the rows of one topic-partition and cuts them into batches.
 *
 * <p>States: UNRECOVERED (assigned, state not read yet) → REPLAYING (rebuilding a batch whose
 * insert may not have landed; it is cut exactly at the recorded range) or ACCEPTING (cut by size or
 * age). At most one batch is sealed and waiting for its insert at a time, so inserts of a partition
 * happen in offset order and the state store only ever describes the oldest unfinished batch.
 *
 * <p>Not thread-safe; a sink task is driven by one thread.
 */
public final class PartitionBatcher {

    private enum Mode { UNRECOVERED, REPLAYING, ACCEPTING }

    private record Row(long offset, byte[] bytes) { }

    private final String topic;
    private final int partition;
    private final String table;
    private final Deque<Row> open = new ArrayDeque<>();
    private Mode mode = Mode.UNRECOVERED;
    private long replayMin;
    private long replayMax;
    /** Highest offset buffered, landed or otherwise handled; lower offsets are re-deliveries. */
    private long lastSeen = -1;
    private boolean seenAny;
    private long openSinceMs;
    private Batch sealed;

    public PartitionBatcher(String topic, int partition, String table) {
        this.topic = topic;
        this.partition = partition;
        this.table = table;
    }

    public String table() {
        return table;
    }

    public boolean needsRecovery() {
        return mode == Mode.UNRECOVERED;
    }

    public void recover(Recovery recovery) {
        switch (recovery.kind()) {
            case NONE -> mode = Mode.ACCEPTING;
            case LANDED -> {
                lastSeen = recovery.maxOffset();
                mode = Mode.ACCEPTING;
            }
            case REPLAY -> {
                replayMin = recovery.minOffset();
                replayMax = recovery.maxOffset();
                lastSeen = replayMin - 1;
                mode = Mode.REPLAYING;
            }
        }
    }

    /** False for offsets already buffered or landed (Connect re-delivers after a retry or restart). */
    public boolean isNew(long offset) {
        requireRecovered();
        return offset > lastSeen;
    }

    /** Buffers the row of a new offset. */
    public void add(long offset, byte[] row, long nowMs) {
        advanceTo(offset);
        if (open.isEmpty()) {
            openSinceMs = nowMs;
        }
        open.addLast(new Row(offset, row));
        finishReplayAt(offset);
    }

    /** Marks a new offset handled without a row (rejected to the dead-letter topic, or a tombstone). */
    public void skip(long offset) {
        advanceTo(offset);
        finishReplayAt(offset);
    }

    private void advanceTo(long offset) {
        requireRecovered();
        if (offset <= lastSeen) {
            throw new IllegalArgumentException("offset " + offset + " of " + topic + "-" + partition
                    + " is not new (last seen " + lastSeen + ")");
        }
        if (mode == Mode.REPLAYING && offset > replayMax) {
            // The range's last record is gone (compaction): cut the replayed batch at what exists.
            sealReplay();
        }
        lastSeen = offset;
        seenAny = true;
    }

    private void finishReplayAt(long offset) {
        if (mode == Mode.REPLAYING && offset == replayMax) {
            sealReplay();
        }
    }

    private void sealReplay() {
        if (!open.isEmpty()) {
            // Exactly the recorded range, so the token matches the first attempt's.
            sealed = cut(open.size(), replayMin, replayMax);
        }
        mode = Mode.ACCEPTING;
    }

    /**
     * The batch to insert now, if any: the one already sealed (a retry), else a new one when the
     * buffer holds {@code maxRecords} rows or its oldest row waited {@code maxWaitMs}.
     */
    public Batch batchDue(long nowMs, int maxRecords, long maxWaitMs) {
        if (sealed != null) {
            return sealed;
        }
        if (mode != Mode.ACCEPTING || open.isEmpty()) {
            return null;
        }
        if (open.size() >= maxRecords || nowMs - openSinceMs >= maxWaitMs) {
            int n = Math.min(open.size(), maxRecords);
            sealed = cut(n, -1, -1);
            openSinceMs = nowMs;
        }
        return sealed;
    }

    /** The sealed batch landed. */
    public void delivered(Batch batch) {
        if (sealed != batch) {
            throw new IllegalStateException("delivered " + batch + " but the sealed batch is " + sealed);
        }
        sealed = null;
    }

    /**
     * The offset Connect may commit: the first offset not yet landed or handled; -1 while nothing
     * is known (no record seen since assignment).
     */
    public long safeCommitOffset() {
        if (sealed != null) {
            return sealed.minOffset();
        }
        if (!open.isEmpty()) {
            return open.peekFirst().offset();
        }
        if (mode == Mode.UNRECOVERED || !seenAny) {
            return -1;
        }
        return lastSeen + 1;
    }

    public int bufferedRows() {
        return open.size() + (sealed == null ? 0 : sealed.rowCount());
    }

    private Batch cut(int n, long minOffset, long maxOffset) {
        ByteArrayOutputStream payload = new ByteArrayOutputStream();
        long first = -1;
        long last = -1;
        for (int i = 0; i < n; i++) {
            Row r = open.removeFirst();
            if (first < 0) {
                first = r.offset();
            }
            last = r.offset();
            payload.writeBytes(r.bytes());
        }
        return new Batch(topic, partition, table, minOffset >= 0 ? minOffset : first, maxOffset >= 0 ? maxOffset : last,
                n, payload.toByteArray());
    }

    private void requireRecovered() {
        if (mode == Mode.UNRECOVERED) {
            throw new IllegalStateException(topic + "-" + partition + " used before recovery");
        }
    }
}
