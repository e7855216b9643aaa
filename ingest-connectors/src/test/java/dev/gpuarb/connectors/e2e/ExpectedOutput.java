package dev.gpuarb.connectors.e2e;

import dev.gpuarb.connectors.core.TaskHarness;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTask;

/**
 * What a connector should write, computed by running its task without a worker (and without
 * restarts) over the same input: the reference the worker's output is counted against.
 */
final class ExpectedOutput {

    private ExpectedOutput() {}

    /** Every record of {@code polls} polls (empty polls included: a batch of skipped rows sends nothing). */
    static List<SourceRecord> of(Supplier<? extends SourceTask> task, Map<String, String> props, int polls)
            throws InterruptedException {
        TaskHarness harness = new TaskHarness(task, props);
        harness.start();
        List<SourceRecord> all = new ArrayList<>();
        try {
            for (int i = 0; i < polls; i++) {
                all.addAll(harness.poll());
            }
        } finally {
            harness.stop();
        }
        return all;
    }
}
