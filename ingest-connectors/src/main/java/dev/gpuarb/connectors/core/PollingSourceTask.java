package dev.gpuarb.connectors.core;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The shared task: runs a {@link PriceSource} on the poll interval, backs off with jitter after
 * failures, turns emissions into records and counts everything. A failed poll never stops the
 * task; bad data never reaches here as an exception (sources turn it into rejections). A batch
 * the source returned is never dropped: if its records cannot be built, the next poll builds it
 * again before the source is asked for more (sources move their own state only once a poll of
 * theirs has succeeded, see {@link PriceSource#poll}).
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
    private Function<List<Emission>, List<SourceRecord>> recordBuilder;
    private Backoff backoff;
    private long nextPollAtMillis;
    /**
     * What the source returned but could not be made into records yet. The source has already moved
     * past it, so it is built again on the next poll instead of asking the source for more.
     */
    private List<Emission> unbuilt;

    /** The connector's full config definition (its own keys plus the common ones). */
    protected abstract ConfigDef configDef();

    /** Builds the source from the task's config. */
    protected abstract PriceSource createSource(Map<String, String> props, SourceContext context);

    /** For tests: a fixed or controllable clock. */
    void useClock(Clock clock) {
        this.clock = clock;
    }

    /** For tests: wraps the step that turns emissions into Connect records. */
    void wrapRecordBuilder(
            Function<Function<List<Emission>, List<SourceRecord>>, Function<List<Emission>, List<SourceRecord>>>
                    wrapper) {
        this.recordBuilder = wrapper.apply(recordBuilder);
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
        // Replayed history keeps validUntil null unless asked otherwise (see PriceSource#pricesExpire).
        PriceValidity validity = source.pricesExpire() ? common.priceValidity() : PriceValidity.NEVER_EXPIRES;
        recordBuilder = new RecordMapper(common::topicName, validity, clock)::toSourceRecords;
        unbuilt = null;
        backoff = new Backoff(common.backoffInitial(), common.backoffMax(), new Random());
        nextPollAtMillis = 0;
        log.info("Started {} source task; prices sent: {}", source.sourceId(), validity);
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
            List<Emission> emissions = unbuilt != null ? unbuilt : source.poll(offsetLookup());
            unbuilt = emissions;
            List<SourceRecord> records = recordBuilder.apply(emissions);
            unbuilt = null;
            backoff.reset();
            metrics.pollSucceeded();
            metrics.emitted(emissions);
            nextPollAtMillis =
                    source.hasMoreNow() ? now : now + common.pollInterval().toMillis();
            return records.isEmpty() ? null : records;
        } catch (InterruptedException e) {
            throw e;
        } catch (Exception e) {
            metrics.pollFailed();
            long delay = backoff.nextDelay().toMillis();
            nextPollAtMillis = now + delay;
            // The message may quote a provider's answer (an error body, a link): escaped, it stays one line.
            log.warn(
                    "Poll of {} failed ({} in a row), next try in {} ms: {}",
                    source.sourceId(),
                    backoff.failures(),
                    delay,
                    LogText.escape(e.getCause() == null ? e : e + "; caused by " + e.getCause()));
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
