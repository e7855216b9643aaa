package dev.gpuarb.bench.profile;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/** Summarises the jdk.ExecutionSample events of a JFR recording (what {@code jfr print} would list). */
public final class JfrProfile {

    private JfrProfile() {}

    public static ProfileSummary summarise(Path recording, int top) throws IOException {
        SampleCounter counter = new SampleCounter();
        for (RecordedEvent event : RecordingFile.readAllEvents(recording)) {
            if (!"jdk.ExecutionSample".equals(event.getEventType().getName())) {
                continue;
            }
            RecordedStackTrace trace = event.getStackTrace();
            if (trace == null || trace.getFrames().isEmpty()) {
                continue;
            }
            counter.add(trace.getFrames().stream().map(JfrProfile::name).toList());
        }
        return counter.summary(top);
    }

    private static String name(RecordedFrame f) {
        return f.getMethod().getType().getName() + "." + f.getMethod().getName();
    }

    /** Counts stacks (top frame first): self samples per top frame, inclusive samples per area. */
    public static final class SampleCounter {
        private final Map<String, Long> self = new HashMap<>();
        private final Map<String, Long> inclusive = new HashMap<>();
        private long samples;

        public void add(List<String> frames) {
            samples++;
            self.merge(frames.get(0), 1L, Long::sum);
            Set<String> seen = new HashSet<>();
            for (String frame : frames) {
                String area = Areas.of(frame);
                if (area != null && seen.add(area)) {
                    inclusive.merge(area, 1L, Long::sum);
                }
            }
        }

        public ProfileSummary summary(int top) {
            return new ProfileSummary(samples, shares(self, top), shares(inclusive, top));
        }

        private List<ProfileSummary.Share> shares(Map<String, Long> counts, int top) {
            return counts.entrySet().stream()
                    .sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder())
                            .thenComparing(Map.Entry.comparingByKey()))
                    .limit(top)
                    .map(e -> new ProfileSummary.Share(
                            e.getKey(), e.getValue(), samples == 0 ? 0 : e.getValue() * 100.0 / samples))
                    .toList();
        }
    }
}
