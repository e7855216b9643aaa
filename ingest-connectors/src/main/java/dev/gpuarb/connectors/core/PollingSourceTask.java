package dev.gpuarb.connectors.core;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The shared task: runs a {@link PriceSource} on the poll interval, backs off with jitter after
 * failures, turns emissions into records and counts everything. A failed poll never stops the
 * task; bad data never reaches here as an exception (sources turn it into rejections).
 *
 * <p>{@link #poll()} returns at least every second even while waiting, so that the worker can
 * stop the task promptly.
 */
public abstract class PollingSourceTask extends SourceTask {

    private static final Logger log = LoggerFactory.getLogger(PollingSourceTask.class);
    private static final long MAX_IDLE_WAIT_MS = 1_000;

    private final CountDownLatch stopping = new CountDownLatch(1);
    private final TaskMetrics metrics = new TaskMetrics();
    private Clock clock = Clock.systemUTC();
    private CommonSourceConfig common;
    private PriceSource source;
    private RecordMapper mapper;
    private Backoff backoff;
    private long nextPollAtMillis;

    /** The connector's full config definition (its own keys plus the common ones). */
    protected abstract ConfigDef configDef();

    /** Builds the source from the task's config. */
    protected abstract PriceSource createSource(Map<String, String> props, SourceContext context);

    /** For tests: a fixed or controllable clock. */
    void useClock(Clock clock) {
        this.clock = clock;
    }

    @Override
    public String version() {
        return Versions.plugin();
    }

    @Override
    public void start(Map<String, String> props) {
        common = new CommonSourceConfig(configDef(), props);
        registerMetrics();
        source = createSource(props, SourceContext.of(common, metrics, clock));
        mapper = new RecordMapper(common::topicName);
        backoff = new Backoff(common.backoffInitial(), common.backoffMax(), new Random());
        nextPollAtMillis = 0;
        log.info("Started {} source task", source.sourceId());
    }

    private void registerMetrics() {
        try {
            if (context != null) {
                metrics.register(context.pluginMetrics());
            }
        } catch (UnsupportedOperationException | NoSuchMethodError e) {
            // Older workers have no plugin metrics; the counters still work for logs and tests.
            log.debug("Plugin metrics unavailable: {}", e.toString());
        }
    }

    @Override
    public List<SourceRecord> poll() throws InterruptedException {
        long now = clock.millis();
        if (now < nextPollAtMillis) {
            stopping.await(Math.min(nextPollAtMillis - now, MAX_IDLE_WAIT_MS), TimeUnit.MILLISECONDS);
            return null;
        }
        if (stopping.getCount() == 0) {
            return null;
        }
        try {
            List<Emission> emissions = source.poll(offsetLookup());
            backoff.reset();
            metrics.pollSucceeded();
            metrics.emitted(emissions);
            nextPollAtMillis = source.hasMoreNow() ? now : now + common.pollInterval().toMillis();
            return emissions.isEmpty() ? null : mapper.toSourceRecords(emissions);
        } catch (InterruptedException e) {
            throw e;
        } catch (Exception e) {
            metrics.pollFailed();
            long delay = backoff.nextDelay().toMillis();
            nextPollAtMillis = now + delay;
            // The message may quote a provider's answer (an error body, a link): escaped, it stays one line.
            log.warn("Poll of {} failed ({} in a row), next try in {} ms: {}", source.sourceId(), backoff.failures(),
                    delay, LogText.escape(e.getCause() == null ? e : e + "; caused by " + e.getCause()));
            return null;
        }
    }

    private OffsetLookup offsetLookup() {
        if (context == null || context.offsetStorageReader() == null) {
            return OffsetLookup.none();
        }
        var reader = context.offsetStorageReader();
        return partitions -> reader.offsets(partitions);
    }

    @Override
    public void stop() {
        stopping.countDown();
        if (source != null) {
            source.close();
        }
    }

    public TaskMetrics metrics() {
        return metrics;
    }
}
