package dev.gpuarb.sink.clickhouse.dedup;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;

/** How a partition's buffer is cut into batches: by rows, by bytes and by the age of its oldest row. */
class PartitionBatcherTest {

    private static final long T0 = 1_000_000;

    @Test
    void aBatchTakesRowsUpToTheByteLimitAndAtLeastOne() {
        PartitionBatcher b = accepting();
        BatchLimits limits = new BatchLimits(1_000, 250, 60_000);
        add(b, 0, 100, T0);
        add(b, 1, 100, T0);
        assertThat(b.batchDue(T0, limits)).as("200 of 250 bytes, young").isNull();
        add(b, 2, 100, T0);
        Batch first = b.batchDue(T0, limits);
        assertThat(first.rowCount()).as("a third row would pass 250 bytes").isEqualTo(2);
        assertThat(first.minOffset()).isZero();
        assertThat(first.maxOffset()).isEqualTo(1);
        b.delivered(first);

        add(b, 3, 400, T0);
        Batch second = b.batchDue(T0, limits);
        assertThat(second.rowCount())
                .as("the row left over, alone below the limit")
                .isEqualTo(1);
        b.delivered(second);
        Batch third = b.batchDue(T0, limits);
        assertThat(third.rowCount())
                .as("a row larger than the limit goes on its own")
                .isEqualTo(1);
        assertThat(third.minOffset()).isEqualTo(3);
    }

    @Test
    void theWaitCountsFromTheOldestBufferedRow() {
        PartitionBatcher b = accepting();
        BatchLimits limits = new BatchLimits(1_000, Long.MAX_VALUE, 1_000);
        add(b, 0, 10, T0);
        add(b, 1, 10, T0 + 600);
        assertThat(b.msUntilDue(T0 + 900, limits)).isEqualTo(100);
        assertThat(b.batchDue(T0 + 999, limits)).isNull();
        Batch due = b.batchDue(T0 + 1_000, limits);
        assertThat(due.rowCount())
                .as("everything buffered goes with the oldest row")
                .isEqualTo(2);
        b.delivered(due);
        assertThat(b.msUntilDue(T0 + 1_000, limits)).as("nothing buffered").isEqualTo(-1);
    }

    @Test
    void theAgeOfRowsLeftBehindIsNotRestartedByACut() {
        PartitionBatcher b = accepting();
        BatchLimits limits = new BatchLimits(3, Long.MAX_VALUE, 1_000);
        for (int i = 0; i < 5; i++) {
            add(b, i, 10, T0 + i * 100);
        }
        b.delivered(b.batchDue(T0 + 500, limits)); // offsets 0..2, cut by count
        // Offsets 3 and 4 arrived at T0+300 and T0+400: due 1 s after the older one, not after the cut.
        assertThat(b.msUntilDue(T0 + 500, limits)).isEqualTo(800);
        assertThat(b.batchDue(T0 + 1_299, limits)).isNull();
        Batch rest = b.batchDue(T0 + 1_300, limits);
        assertThat(rest.minOffset()).isEqualTo(3);
        assertThat(rest.maxOffset()).isEqualTo(4);
    }

    @Test
    void noWaitIsPendingWhileABatchIsSealedOrTheStateIsUnsettled() {
        PartitionBatcher b = new PartitionBatcher("t", 0, "table");
        BatchLimits limits = new BatchLimits(1, Long.MAX_VALUE, 1_000);
        assertThat(b.msUntilDue(T0, limits)).as("not recovered").isEqualTo(-1);
        b.recover(Recovery.none(), 0);
        add(b, 0, 10, T0);
        add(b, 1, 10, T0);
        Batch sealed = b.batchDue(T0, limits);
        assertThat(sealed.rowCount()).isEqualTo(1);
        assertThat(b.msUntilDue(T0, limits))
                .as("the sealed batch is retried, not waited for")
                .isEqualTo(-1);
        b.delivered(sealed);
        assertThat(b.msUntilDue(T0 + 10, limits)).isEqualTo(990);
    }

    private static PartitionBatcher accepting() {
        PartitionBatcher b = new PartitionBatcher("t", 0, "table");
        b.recover(Recovery.none(), 0);
        return b;
    }

    private static void add(PartitionBatcher b, long offset, int bytes, long nowMs) {
        SinkRecord r = new SinkRecord("t", 0, null, "k" + offset, null, null, offset);
        assertThat(b.admit(r, 1, false)).isEqualTo(PartitionBatcher.Admission.NEW);
        b.add(r, new byte[bytes], nowMs);
    }
}
