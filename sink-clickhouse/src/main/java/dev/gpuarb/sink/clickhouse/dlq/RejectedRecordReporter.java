package dev.gpuarb.sink.clickhouse.dlq;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.sink.ErrantRecordReporter;
import org.apache.kafka.connect.sink.SinkRecord;

/**
 * Hands records that cannot be converted to the worker's errant-record reporter, which applies the
 * connector's {@code errors.tolerance} (none: the task fails; all: the record is skipped) and writes
 * it to {@code errors.deadletterqueue.topic.name} when one is set. Reports are asynchronous; offsets
 * are committed only after {@link #awaitReported()}, so a rejected record is never lost.
 */
public final class RejectedRecordReporter {

    private final ErrantRecordReporter reporter;
    private final List<Future<Void>> pending = new ArrayList<>();
    private long rejected;

    /** @param reporter the worker's reporter; null on a runtime too old to offer one */
    public RejectedRecordReporter(ErrantRecordReporter reporter) {
        this.reporter = reporter;
    }

    public void reject(SinkRecord record, Exception reason) {
        if (reporter == null) {
            throw new ConnectException(
                    "record " + record.topic() + "-" + record.kafkaPartition() + "@"
                            + record.kafkaOffset() + " cannot be written to ClickHouse and this worker has no "
                            + "errant record reporter: " + reason.getMessage(),
                    reason);
        }
        // Throws when errors.tolerance=none, which fails the task as it should.
        pending.add(reporter.report(record, reason));
        rejected++;
    }

    /** Blocks until every report so far is durable in the dead-letter topic. */
    public void awaitReported() {
        try {
            for (Future<Void> f : pending) {
                f.get();
            }
        } catch (ExecutionException e) {
            throw new ConnectException("could not write a rejected record to the dead-letter topic", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConnectException("interrupted while writing to the dead-letter topic", e);
        }
        pending.clear();
    }

    public long rejectedCount() {
        return rejected;
    }
}
