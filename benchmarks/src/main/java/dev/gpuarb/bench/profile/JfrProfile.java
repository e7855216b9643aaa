package dev.gpuarb.bench.profile;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.ToLongFunction;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;

/**
 * Summarises the jdk.ExecutionSample events of a JFR recording (what {@code jfr print} would list), or its
 * allocation samples by the bytes they stand for.
 */
public final class JfrProfile {

    private JfrProfile() {}

    public static ProfileSummary summarise(Path recording, int top) throws IOException {
        return summarise(recording, top, thread -> true);
    }

    /** As above, for the threads whose name {@code thread} accepts. */
    public static ProfileSummary summarise(Path recording, int top, Predicate<String> thread) throws IOException {
        return count(recording, top, "jdk.ExecutionSample", "sampledThread", thread, event -> 1);
    }

    /**
     * Where the threads {@code thread} accepts allocated, from jdk.ObjectAllocationSample: each sample weighs the
     * bytes it stands for, so {@code samples} of the summary and of each share are bytes. A sample's weight is what
     * its thread allocated since its previous sample, so each thread's first sample in a recording started in a
     * running JVM stands for everything since the thread began (gigabytes, landed on whatever frame was allocating
     * then): it is left out.
     */
    public static ProfileSummary allocations(Path recording, int top, Predicate<String> thread) throws IOException {
        List<RecordedEvent> events = new ArrayList<>();
        for (RecordedEvent event : RecordingFile.readAllEvents(recording)) {
            if ("jdk.ObjectAllocationSample".equals(event.getEventType().getName())) {
                events.add(event);
            }
        }
        events.sort(Comparator.comparing(RecordedEvent::getStartTime));
        Set<Long> seen = new HashSet<>();
        List<RecordedEvent> after = new ArrayList<>();
        for (RecordedEvent event : events) {
            RecordedThread t = event.getThread("eventThread");
            if (t != null && !seen.add(t.getJavaThreadId())) {
                after.add(event);
            }
        }
        return count(after, top, "eventThread", thread, e -> e.getLong("weight"));
    }

    private static ProfileSummary count(
            Path recording,
            int top,
            String eventType,
            String threadField,
            Predicate<String> thread,
            ToLongFunction<RecordedEvent> weight)
            throws IOException {
        List<RecordedEvent> events = new ArrayList<>();
        for (RecordedEvent event : RecordingFile.readAllEvents(recording)) {
            if (eventType.equals(event.getEventType().getName())) {
                events.add(event);
            }
        }
        return count(events, top, threadField, thread, weight);
    }

    private static ProfileSummary count(
            List<RecordedEvent> events,
            int top,
            String threadField,
            Predicate<String> thread,
            ToLongFunction<RecordedEvent> weight) {
        SampleCounter counter = new SampleCounter();
        for (RecordedEvent event : events) {
            RecordedThread t = event.getThread(threadField);
            if (t == null || t.getJavaName() == null || !thread.test(t.getJavaName())) {
                continue;
            }
            RecordedStackTrace trace = event.getStackTrace();
            if (trace == null || trace.getFrames().isEmpty()) {
                continue;
            }
            counter.add(trace.getFrames().stream().map(JfrProfile::name).toList(), weight.applyAsLong(event));
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
            add(frames, 1);
        }

        /** A stack that weighs {@code weight} (1 for an execution sample; bytes for an allocation sample). */
        public void add(List<String> frames, long weight) {
            samples += weight;
            self.merge(frames.get(0), weight, Long::sum);
            Set<String> seen = new HashSet<>();
            for (String frame : frames) {
                String area = Areas.of(frame);
                if (area != null && seen.add(area)) {
                    inclusive.merge(area, weight, Long::sum);
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
