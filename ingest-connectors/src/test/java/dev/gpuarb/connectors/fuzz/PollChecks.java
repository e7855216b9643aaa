package dev.gpuarb.connectors.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gpuarb.connectors.core.PollingSourceTask;
import dev.gpuarb.connectors.core.TaskHarness;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;

/** What every poll over bad input must satisfy, whatever the source. */
final class PollChecks {

    static final String REJECTED = "prices.rejected";
    private static final Set<String> TOPICS = Set.of("prices.gpu", "prices.tokens", "endpoint.obs", REJECTED);
    private static final ObjectMapper JSON = new ObjectMapper();

    private PollChecks() {}

    /**
     * Polls a started task a few times and checks: no exception leaves poll, no poll fails on bad
     * data (sources must turn it into rejections, not into a retried failure), every record is on a
     * known topic and every rejection carries a reason and a detail.
     */
    static List<SourceRecord> pollCleanly(TaskHarness harness, int polls) throws InterruptedException {
        List<SourceRecord> all = new ArrayList<>();
        try {
            for (int i = 0; i < polls; i++) {
                all.addAll(harness.poll());
            }
            assertThat(((PollingSourceTask) harness.task()).metrics().pollFailures())
                    .as("polls that failed on bad data instead of rejecting it")
                    .isZero();
        } finally {
            harness.stop();
        }
        for (SourceRecord r : all) {
            assertThat(TOPICS).as("topic of %s", r).contains(r.topic());
            if (r.topic().equals(REJECTED)) {
                Struct v = (Struct) r.value();
                assertThat(v.getString("reason")).as("rejection reason").isNotBlank();
                assertThat(v.getString("detail")).as("rejection detail").isNotBlank();
            }
        }
        return all;
    }

    static long rejections(List<SourceRecord> records) {
        return records.stream().filter(r -> r.topic().equals(REJECTED)).count();
    }

    /** True when the text is not a JSON object at all: such a document must be rejected, never dropped. */
    static boolean notAJsonObject(String text) {
        try {
            var node = JSON.readTree(text);
            return node == null || !node.isObject();
        } catch (Exception e) {
            return true;
        }
    }
}
