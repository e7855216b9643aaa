package dev.gpuarb.connectors.core;

import dev.gpuarb.topics.Topic;
import dev.gpuarb.vocab.RejectReason;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.metrics.Gauge;
import org.apache.kafka.common.metrics.PluginMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counters of one task, exposed through the worker's metrics (Connect's plugin metrics, so they
 * appear in JMX next to the worker's own task metrics) and readable directly in tests.
 */
public final class TaskMetrics {

    private static final String GROUP = "gpuarb-source-task";
    private static final Logger LOG = LoggerFactory.getLogger(TaskMetrics.class);

    private final AtomicLong polls = new AtomicLong();
    private final AtomicLong pollFailures = new AtomicLong();
    private final AtomicLong accepted = new AtomicLong();
    private final AtomicLong unchanged = new AtomicLong();
    private final AtomicLong reconfirmed = new AtomicLong();
    private final AtomicLong withdrawn = new AtomicLong();
    private final Map<Topic, AtomicLong> emitted = new EnumMap<>(Topic.class);
    private final Map<RejectReason, AtomicLong> rejected = new EnumMap<>(RejectReason.class);
    private final Map<String, AtomicLong> skipped = new java.util.concurrent.ConcurrentHashMap<>();
    private final AtomicLong unknownRegion = new AtomicLong();
    private final Map<String, AtomicLong> unknownRegions = new java.util.concurrent.ConcurrentHashMap<>();

    public TaskMetrics() {
        for (Topic t : Topic.values()) {
            emitted.put(t, new AtomicLong());
        }
        for (RejectReason r : RejectReason.values()) {
            rejected.put(r, new AtomicLong());
        }
    }

    /** Registers gauges for every counter; a no-op when the worker has no plugin metrics. */
    public void register(PluginMetrics metrics) {
        if (metrics == null) {
            return;
        }
        gauge(metrics, "polls-total", "Polls that completed", polls);
        gauge(metrics, "poll-failures-total", "Polls that failed and were retried after a backoff", pollFailures);
        gauge(metrics, "accepted-total", "Prices that passed every check (sent or unchanged)", accepted);
        gauge(metrics, "unchanged-total", "Prices not sent because they had not changed", unchanged);
        gauge(metrics, "reconfirmed-total", "Unchanged prices sent again so that they do not expire", reconfirmed);
        gauge(
                metrics,
                "unknown-region-total",
                "Prices accepted without residency tags: their region is not in "
                        + "the residency vocabulary, so they never meet a policy's residency requirement",
                unknownRegion);
        gauge(metrics, "withdrawn-total", "Withdrawals sent: offers that left the source's full listing", withdrawn);
        emitted.forEach((topic, counter) -> gauge(
                metrics, "emitted-" + topic.topicName() + "-total", "Records sent to " + topic.topicName(), counter));
        rejected.forEach((reason, counter) -> gauge(
                metrics,
                "rejected-" + reason.name().toLowerCase() + "-total",
                "Distinct inputs rejected with reason " + reason,
                counter));
    }

    private static void gauge(PluginMetrics metrics, String name, String description, AtomicLong counter) {
        try {
            metrics.addMetric(metrics.metricName(name, description, new LinkedHashMap<>()), (Gauge<Long>)
                    (config, now) -> counter.get());
        } catch (IllegalArgumentException taken) {
            // A restarted task can start before the worker has closed the previous instance (its stop
            // hung, e.g. during a broker outage), whose gauges still hold these names. A missing gauge
            // must not keep the task from running; the names free up when the old instance is closed.
            LOG.warn(
                    "Task metric {} is still registered by a previous instance of this task; not shown for this one: {}",
                    name,
                    taken.getMessage());
        }
    }

    public void pollSucceeded() {
        polls.incrementAndGet();
    }

    public void pollFailed() {
        pollFailures.incrementAndGet();
    }

    public void parsed(ParseResult result) {
        accepted.addAndGet(result.accepted().size());
        result.skipped()
                .forEach((why, n) ->
                        skipped.computeIfAbsent(why, k -> new AtomicLong()).addAndGet(n));
        result.unknownRegions().forEach((region, n) -> {
            unknownRegion.addAndGet(n);
            unknownRegions
                    .computeIfAbsent(region, r -> {
                        LOG.warn(
                                "Region {} has no residency in the vocabulary (dev.gpuarb.vocab.RegionResidency): its offers "
                                        + "carry no residency tags and no policy requiring one will route to them",
                                r);
                        return new AtomicLong();
                    })
                    .addAndGet(n);
        });
    }

    public void unchanged(long count) {
        unchanged.addAndGet(count);
    }

    public void reconfirmed(long count) {
        reconfirmed.addAndGet(count);
    }

    /** Counts what is handed to Connect; rejections are counted here, once per distinct bad input. */
    public void emitted(Iterable<Emission> emissions) {
        for (Emission e : emissions) {
            emitted.get(e.topic()).incrementAndGet();
            if (e.value() instanceof dev.gpuarb.avro.RejectedRecord r) {
                rejected.get(RejectReason.valueOf(r.getReason())).incrementAndGet();
            } else if (PriceRecords.isWithdrawal(e.value())) {
                withdrawn.incrementAndGet();
            }
        }
    }

    public long polls() {
        return polls.get();
    }

    public long pollFailures() {
        return pollFailures.get();
    }

    public long accepted() {
        return accepted.get();
    }

    public long unchanged() {
        return unchanged.get();
    }

    public long reconfirmed() {
        return reconfirmed.get();
    }

    public long withdrawn() {
        return withdrawn.get();
    }

    /** Prices accepted without residency tags because their region is unknown (see {@link ParseResult#unknownRegions()}). */
    public long unknownRegion() {
        return unknownRegion.get();
    }

    /** The same, by provider/region; a copy. */
    public Map<String, Long> unknownRegions() {
        Map<String, Long> out = new java.util.TreeMap<>();
        unknownRegions.forEach((region, n) -> out.put(region, n.get()));
        return out;
    }

    public long emitted(Topic topic) {
        return emitted.get(topic).get();
    }

    public long rejected(RejectReason reason) {
        return rejected.get(reason).get();
    }

    public long skipped(String why) {
        AtomicLong n = skipped.get(why);
        return n == null ? 0 : n.get();
    }

    /** Inputs skipped on purpose (not a GPU, another OS, ...), by why; a copy. */
    public Map<String, Long> skippedByWhy() {
        Map<String, Long> out = new java.util.TreeMap<>();
        skipped.forEach((why, n) -> out.put(why, n.get()));
        return out;
    }

    static String group() {
        return GROUP;
    }
}
