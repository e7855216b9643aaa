package dev.gpuarb.connectors.core;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.kafka.common.metrics.PluginMetrics;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTask;
import org.apache.kafka.connect.source.SourceTaskContext;
import org.apache.kafka.connect.storage.OffsetStorageReader;

/**
 * Runs a source task the way a worker does, without one: an in-memory offset store that the test
 * commits to (standing in for acknowledged sends), and restarts with a fresh task instance.
 */
public final class TaskHarness {

    private final Supplier<? extends SourceTask> taskFactory;
    private final Map<String, String> props;
    private final Map<Map<String, Object>, Map<String, Object>> offsets = new HashMap<>();
    private SourceTask task;
    private Clock clock;

    public TaskHarness(Supplier<? extends SourceTask> taskFactory, Map<String, String> props) {
        this.taskFactory = taskFactory;
        this.props = props;
    }

    /** Runs every task this harness starts on {@code clock} (the worker's wall clock otherwise). */
    public TaskHarness withClock(Clock clock) {
        this.clock = clock;
        return this;
    }

    public SourceTask start() {
        task = taskFactory.get();
        if (clock != null) {
            ((PollingSourceTask) task).useClock(clock);
        }
        task.initialize(new SourceTaskContext() {
            @Override
            public Map<String, String> configs() {
                return props;
            }

            @Override
            public OffsetStorageReader offsetStorageReader() {
                return new OffsetStorageReader() {
                    @Override
                    public <T> Map<String, Object> offset(Map<String, T> partition) {
                        return offsets.get(new HashMap<String, Object>(partition));
                    }

                    @Override
                    public <T> Map<Map<String, T>, Map<String, Object>> offsets(Collection<Map<String, T>> partitions) {
                        Map<Map<String, T>, Map<String, Object>> found = new HashMap<>();
                        for (Map<String, T> p : partitions) {
                            Map<String, Object> o = offsets.get(new HashMap<String, Object>(p));
                            if (o != null) {
                                found.put(p, o);
                            }
                        }
                        return found;
                    }
                };
            }

            @Override
            public PluginMetrics pluginMetrics() {
                return null;
            }
        });
        task.start(props);
        return task;
    }

    /** One poll; null becomes an empty list. */
    public List<SourceRecord> poll() throws InterruptedException {
        List<SourceRecord> records = task.poll();
        return records == null ? List.of() : records;
    }

    /** Polls until a poll returns nothing, up to {@code maxPolls}. */
    public List<SourceRecord> drain(int maxPolls) throws InterruptedException {
        List<SourceRecord> all = new ArrayList<>();
        for (int i = 0; i < maxPolls; i++) {
            List<SourceRecord> batch = poll();
            if (batch.isEmpty()) {
                break;
            }
            all.addAll(batch);
        }
        return all;
    }

    /** Marks records as acknowledged: their offsets become the committed ones. */
    @SuppressWarnings("unchecked")
    public void commit(List<SourceRecord> records) {
        for (SourceRecord r : records) {
            offsets.put(new HashMap<>((Map<String, Object>) r.sourcePartition()), new HashMap<>((Map<String, Object>)
                    r.sourceOffset()));
        }
    }

    public void stop() {
        task.stop();
    }

    public SourceTask task() {
        return task;
    }
}
