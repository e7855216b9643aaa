package dev.gpuarb.sink.clickhouse.dedup;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.apache.kafka.connect.sink.SinkRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Buffers the rows of one topic-partition and cuts them into batches.
 *
 * <p>States: UNRECOVERED (assigned, state not read yet) → AWAITING_SEEK (Connect was asked to move
 * the consumer to where the state says; records delivered before the move are ignored) → VERIFYING
 * (the record at the last landed offset must be the one that was written, else the log is a new
 * one) or REPLAYING (rebuilding a batch whose insert may not have landed; it is cut exactly at the
 * recorded range) → ACCEPTING (cut by row count, bytes or age). At most one batch is sealed and
 * waiting for its insert at a time, so inserts of a partition happen in offset order and the state
 * store only ever describes the oldest unfinished batch.
 *
 * <p>Not thread-safe; a sink task is driven by one thread.
 */
public final class PartitionBatcher {

    private static final Logger log = LoggerFactory.getLogger(PartitionBatcher.class);

    private enum Mode {
        UNRECOVERED,
        AWAITING_SEEK,
        VERIFYING,
        REPLAYING,
        ACCEPTING
    }

    /** What the task does with a delivered record. */
    public enum Admission {
        /** A record not handled before: convert it, then {@link #add} or {@link #skip} it. */
        NEW,
        /** Already handled, or delivered before a requested seek took effect: ignore it. */
        IGNORE,
        /**
         * The consumer's position went back outside a re-delivery (a log reset under a running task):
         * drop this batcher and recover the partition from its state again.
         */
        RECOVER
    }

    private final String topic;
    private final int partition;
    private final String table;
    private final Deque<BatchRow> open = new ArrayDeque<>();
    /** RowBinary bytes of the rows in {@link #open}. */
    private long openBytes;
    /**
     * When the rows of {@link #open} arrived, as runs of {count, receivedMs} in row order (one run per
     * put): a batch's age is that of its oldest row, also for rows left behind by a cut.
     */
    private final Deque<long[]> arrivals = new ArrayDeque<>();

    private Mode mode = Mode.UNRECOVERED;
    private Mode afterSeek;
    private long seekTarget = -1;
    private long seekRequestedAtPut;
    private int epoch;
    private String anchor = "";
    private long verifyAt;
    private long replayMin;
    private long replayMax;
    private boolean replayStarted;
    /** Highest offset buffered, landed or otherwise handled; lower offsets are re-deliveries. */
    private long lastSeen = -1;

    private boolean seenAny;
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

    /**
     * Applies the partition's recorded state.
     *
     * @param putSeq the task's count of fresh (not re-delivered) puts so far: records of later puts
     *               come from the position a seek requested now
     * @return the offset Connect must move the consumer to, or -1 for none
     */
    public long recover(Recovery recovery, long putSeq) {
        epoch = recovery.epoch();
        anchor = recovery.anchor();
        switch (recovery.kind()) {
            case NONE -> mode = Mode.ACCEPTING;
            case LANDED -> {
                verifyAt = recovery.maxOffset();
                requestSeek(verifyAt, putSeq, Mode.VERIFYING);
            }
            case REPLAY -> {
                replayMin = recovery.minOffset();
                replayMax = recovery.maxOffset();
                replayStarted = false;
                lastSeen = replayMin - 1;
                requestSeek(replayMin, putSeq, Mode.REPLAYING);
            }
        }
        return takeSeek();
    }

    /**
     * Decides what to do with a delivered record.
     *
     * @param putSeq     the task's count of fresh puts, this one included
     * @param redelivery true when Connect delivers again the records of a put that failed retriably
     */
    public Admission admit(SinkRecord record, long putSeq, boolean redelivery) {
        requireRecovered();
        long offset = record.kafkaOffset();
        if (mode == Mode.AWAITING_SEEK) {
            if (putSeq <= seekRequestedAtPut) {
                return Admission.IGNORE;
            }
            mode = afterSeek;
        }
        switch (mode) {
            case VERIFYING -> {
                if (offset < verifyAt) {
                    // Asked for verifyAt, given less: the log no longer reaches it (recreated, or reset).
                    newIncarnation("the log now ends before offset " + verifyAt + ", which was written");
                    mode = Mode.ACCEPTING;
                    return Admission.NEW;
                }
                if (offset == verifyAt) {
                    if (sameAsWritten(record)) {
                        lastSeen = verifyAt;
                        seenAny = true;
                        mode = Mode.ACCEPTING;
                        return Admission.IGNORE;
                    }
                    newIncarnation("the record at offset " + verifyAt + " is not the one written");
                    requestSeek(0, putSeq, Mode.ACCEPTING);
                    return Admission.IGNORE;
                }
                log.info(
                        "{}-{}: offset {} (the last written) is no longer in the log; resuming at {}",
                        topic,
                        partition,
                        verifyAt,
                        offset);
                lastSeen = verifyAt;
                seenAny = true;
                mode = Mode.ACCEPTING;
                return Admission.NEW;
            }
            case REPLAYING -> {
                if (!replayStarted && offset < replayMin) {
                    newIncarnation(
                            "the log now ends before offset " + replayMin + ", where the unfinished batch starts");
                    mode = Mode.ACCEPTING;
                    return Admission.NEW;
                }
                replayStarted = true;
                if (offset == replayMax && !sameAsWritten(record)) {
                    newIncarnation("the record at offset " + replayMax + " is not the one written");
                    requestSeek(0, putSeq, Mode.ACCEPTING);
                    return Admission.IGNORE;
                }
                return offset > lastSeen ? Admission.NEW : backwards(offset, redelivery);
            }
            default -> {
                return offset > lastSeen ? Admission.NEW : backwards(offset, redelivery);
            }
        }
    }

    /** A seek this batcher wants Connect to make (then -1 until it wants another). */
    public long takeSeek() {
        long target = seekTarget;
        seekTarget = -1;
        return target;
    }

    private Admission backwards(long offset, boolean redelivery) {
        if (redelivery) {
            return Admission.IGNORE;
        }
        log.warn(
                "{}-{}: offset {} arrived after offset {} outside a re-delivery: the consumer position went back"
                        + " (the topic was recreated or its offsets reset under this task); recovering the partition from"
                        + " its state again",
                topic,
                partition,
                offset,
                lastSeen);
        return Admission.RECOVER;
    }

    private boolean sameAsWritten(SinkRecord record) {
        if (anchor.isEmpty()) {
            return true; // state written before anchors: nothing to compare, keep the old behaviour
        }
        return anchor.equals(RecordAnchor.of(record));
    }

    private void newIncarnation(String why) {
        epoch++;
        log.warn(
                "{}-{}: {}; the topic was recreated or its log reset under the same name. Treating it as a new"
                        + " log (epoch {}): its records are written from its first offset, with new state and deduplication"
                        + " tokens",
                topic,
                partition,
                why,
                epoch);
        clearOpen();
        sealed = null;
        lastSeen = -1;
        seenAny = false;
    }

    private void requestSeek(long offset, long putSeq, Mode then) {
        seekTarget = offset;
        seekRequestedAtPut = putSeq;
        afterSeek = then;
        mode = Mode.AWAITING_SEEK;
    }

    /**
     * Buffers the row of a new offset.
     *
     * @param record what goes to the dead-letter topic if ClickHouse refuses the row; the task passes
     *               it without its converted value, which the row's bytes replace
     */
    public void add(SinkRecord record, byte[] row, long nowMs) {
        long offset = record.kafkaOffset();
        advanceTo(offset);
        open.addLast(new BatchRow(offset, row, record));
        openBytes += row.length;
        long[] last = arrivals.peekLast();
        if (last != null && last[1] == nowMs) {
            last[0]++;
        } else {
            arrivals.addLast(new long[] {1, nowMs});
        }
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
            throw new IllegalArgumentException(
                    "offset " + offset + " of " + topic + "-" + partition + " is not new (last seen " + lastSeen + ")");
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
            // Exactly the recorded range and anchor, so the token and the state match the first attempt's.
            sealed = cut(open.size(), replayMin, replayMax, anchor);
        }
        mode = Mode.ACCEPTING;
    }

    /**
     * The batch to insert now, if any: the one already sealed (a retry), else a new one when the
     * buffer reaches the row count or the bytes of {@code limits}, or its oldest row has waited
     * {@code limits.maxWaitMs()}. A new batch takes the oldest rows up to both size limits (at least
     * one row, however large).
     */
    public Batch batchDue(long nowMs, BatchLimits limits) {
        if (sealed != null) {
            return sealed;
        }
        if (mode != Mode.ACCEPTING || open.isEmpty()) {
            return null;
        }
        if (open.size() >= limits.maxRecords()
                || openBytes >= limits.maxBytes()
                || nowMs - arrivals.peekFirst()[1] >= limits.maxWaitMs()) {
            int n = 0;
            long bytes = 0;
            for (BatchRow r : open) {
                if (n == limits.maxRecords() || (n > 0 && bytes + r.bytes().length > limits.maxBytes())) {
                    break;
                }
                n++;
                bytes += r.bytes().length;
            }
            sealed = cut(n, -1, -1, null);
        }
        return sealed;
    }

    /**
     * Milliseconds until the buffered rows come due by age, 0 if they are due now; -1 when no wait is
     * pending here (nothing buffered, a batch already sealed, or the state not settled yet). The task
     * asks the worker to call it again by then: without new records it would wait until its next
     * offset commit.
     */
    public long msUntilDue(long nowMs, BatchLimits limits) {
        if (sealed != null || mode != Mode.ACCEPTING || open.isEmpty()) {
            return -1;
        }
        return Math.max(0, arrivals.peekFirst()[1] + limits.maxWaitMs() - nowMs);
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
     * is known (no record seen since assignment, or waiting for a seek).
     */
    public long safeCommitOffset() {
        if (mode == Mode.UNRECOVERED || mode == Mode.AWAITING_SEEK || mode == Mode.VERIFYING) {
            return -1;
        }
        if (sealed != null) {
            return sealed.minOffset();
        }
        if (!open.isEmpty()) {
            return open.peekFirst().offset();
        }
        if (!seenAny) {
            return -1;
        }
        return lastSeen + 1;
    }

    public int bufferedRows() {
        return open.size() + (sealed == null ? 0 : sealed.rowCount());
    }

    private Batch cut(int n, long minOffset, long maxOffset, String recordedAnchor) {
        List<BatchRow> rows = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            BatchRow r = open.removeFirst();
            openBytes -= r.bytes().length;
            rows.add(r);
        }
        for (int left = n; left > 0; ) {
            long[] run = arrivals.peekFirst();
            int take = (int) Math.min(run[0], left);
            run[0] -= take;
            left -= take;
            if (run[0] == 0) {
                arrivals.removeFirst();
            }
        }
        BatchRow last = rows.get(n - 1);
        return new Batch(
                topic,
                partition,
                table,
                epoch,
                minOffset >= 0 ? minOffset : rows.get(0).offset(),
                maxOffset >= 0 ? maxOffset : last.offset(),
                rows,
                recordedAnchor != null ? recordedAnchor : RecordAnchor.of(last.record()),
                null);
    }

    private void clearOpen() {
        open.clear();
        arrivals.clear();
        openBytes = 0;
    }

    private void requireRecovered() {
        if (mode == Mode.UNRECOVERED) {
            throw new IllegalStateException(topic + "-" + partition + " used before recovery");
        }
    }
}
