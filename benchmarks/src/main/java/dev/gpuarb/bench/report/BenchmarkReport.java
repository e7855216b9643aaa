package dev.gpuarb.bench.report;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.gpuarb.bench.machine.CpuUse;
import dev.gpuarb.bench.machine.MachineInfo;
import dev.gpuarb.bench.profile.ProfileSummary;
import dev.gpuarb.bench.stats.Summary;
import java.util.List;
import java.util.Map;

/**
 * Everything one benchmark run measured; written as JSON (benchmarks/results/) and as markdown
 * (results/ and the generated block of RESULTS.md). A part that was not run (or failed) is null, with
 * the reason in {@code notes}. {@code summary} holds the headline numbers under flat keys
 * ({@link RunSummary}); it is null in files written before it existed.
 */
@JsonPropertyOrder({"summary"}) // first in the file, where a reader looks
public record BenchmarkReport(
        String startedAt,
        String finishedAt,
        boolean quick,
        int repetitions,
        MachineInfo machine,
        Throughput throughput,
        List<Freshness> freshness,
        Sink sink,
        CostGrowth cost,
        List<Micro> micro,
        List<String> notes,
        Map<String, Object> summary) {

    public BenchmarkReport withSummary(Map<String, Object> newSummary) {
        return new BenchmarkReport(
                startedAt,
                finishedAt,
                quick,
                repetitions,
                machine,
                throughput,
                freshness,
                sink,
                cost,
                micro,
                notes,
                newSummary);
    }

    /**
     * Streams applications vs a plain consumer and an exactly-once pass-through over the same input topics.
     *
     * @param topologyRecordsPerSec both applications in one process; {@code ratio} is it over the raw consumer
     * @param passThroughRecordsPerSec null in results written before the pass-through was measured (also the two after it)
     * @param appProfiles each application profiled alone, by application id; null in results written before
     * @param firstDrainRecordsPerSec each reader's first drain in a fresh JVM (the other rates are of a second
     *     drain in the same, warm JVM), by reader: pass-through, routing, analytics, both; null in results
     *     written before (whose rates are all first drains)
     * @param oneHopPassThroughRecordsPerSec the pass-through with one repartition hop between its read and its
     *     write (the floor of an application that must repartition, as routing does); null in results written before
     * @param drainThreadRatios how each reader's stream thread spent its warm drains (Kafka Streams' thread
     *     metrics, means over all repetitions), by reader; for both applications in one process, by
     *     "both/routing" and "both/analytics"; null in results written before
     * @param analyticsSameIntervalRecordsPerSec analytics alone at the pass-through's commit interval (routing's)
     *     instead of its own: the two compared like for like; null in results written before
     * @param analyticsPassThroughRecordsPerSec the pass-through on the topics analytics reads (prices, not gateway
     *     observations), analytics' floor; null in results written before, whose analytics rates also counted the
     *     observations it does not read
     */
    public record Throughput(
            long priceTicks,
            long observations,
            Summary rawConsumerRecordsPerSec,
            Summary topologyRecordsPerSec,
            double ratio,
            ProfileSummary profile,
            Summary passThroughRecordsPerSec,
            Summary routingRecordsPerSec,
            Summary analyticsRecordsPerSec,
            Map<String, ProfileSummary> appProfiles,
            Map<String, Summary> firstDrainRecordsPerSec,
            Summary oneHopPassThroughRecordsPerSec,
            Map<String, ThreadRatios> drainThreadRatios,
            Summary analyticsSameIntervalRecordsPerSec,
            Summary analyticsPassThroughRecordsPerSec) {

        /** The pass-through's name among the readers of {@code firstDrainRecordsPerSec}. */
        public static final String PASS_THROUGH = "pass-through";

        /** The pass-through with one repartition hop, among the readers. */
        public static final String ONE_HOP_PASS_THROUGH = "pass-through-one-hop";

        /** Analytics at the pass-through's commit interval, among the readers. */
        public static final String ANALYTICS_AT_PASS_THROUGH_INTERVAL = "analytics-at-pass-through-interval";

        /** The pass-through on analytics' topics, among the readers. */
        public static final String PASS_THROUGH_ON_ANALYTICS_TOPICS = "pass-through-analytics-topics";

        /** Analytics' floor: the pass-through on its topics, or in results written before, the one on all of them. */
        public Summary analyticsFloor() {
            return analyticsPassThroughRecordsPerSec != null
                    ? analyticsPassThroughRecordsPerSec
                    : passThroughRecordsPerSec;
        }

        /** As results written before the one-hop pass-through and the thread ratios existed. */
        public Throughput(
                long priceTicks,
                long observations,
                Summary rawConsumerRecordsPerSec,
                Summary topologyRecordsPerSec,
                double ratio,
                ProfileSummary profile,
                Summary passThroughRecordsPerSec,
                Summary routingRecordsPerSec,
                Summary analyticsRecordsPerSec,
                Map<String, ProfileSummary> appProfiles,
                Map<String, Summary> firstDrainRecordsPerSec) {
            this(
                    priceTicks,
                    observations,
                    rawConsumerRecordsPerSec,
                    topologyRecordsPerSec,
                    ratio,
                    profile,
                    passThroughRecordsPerSec,
                    routingRecordsPerSec,
                    analyticsRecordsPerSec,
                    appProfiles,
                    firstDrainRecordsPerSec,
                    null,
                    null,
                    null,
                    null);
        }
    }

    /**
     * How a stream thread spent its time, from Kafka Streams' own {@code stream-thread-metrics}: the means of
     * process-ratio, punctuate-ratio, poll-ratio and commit-ratio over {@code samples} readings (each a ratio
     * over Streams' rolling metrics window, about two seconds in the benchmark). Poll includes waiting for
     * records; commit includes flushing caches and the producer and committing the transaction. NaN where
     * Streams had no value yet.
     */
    public record ThreadRatios(double process, double punctuate, double poll, double commit, int samples) {}

    /** Price tick produced to route update committed, at one fixed input rate; one entry per repetition window. */
    /**
     * @param ticksSent switching ticks sent (the ones latency is measured on)
     * @param flipEvery one tick in this many switches the route (1: every tick, the worst case); 0 in results
     *                  written before the mix was measured, which were all worst case
     * @param routingThread how routing's stream thread spent these windows while ticks arrived (means over all
     *                      of them); null in results written before
     * @param analyticsThread the same for analytics' stream thread
     * @param routingProfile routing's stream thread in one more window at this rate under JFR, after the measured
     *                       ones (not in their figures): execution samples; null for the other rates and mixes
     * @param routingAllocations the same window's allocation samples of that thread, weighed in bytes
     * @param cpuCores cores used while these windows' ticks arrived (means over them): by the applications' process, by the
     *                 benchmark's (broker and load generator) and by the whole machine; null in results written before
     */
    public record Freshness(
            int targetRatePerSec,
            Summary achievedRatePerSec,
            Summary p50Ms,
            Summary p99Ms,
            Summary maxMs,
            long ticksSent,
            long updatesMatched,
            int flipEvery,
            ThreadRatios routingThread,
            ThreadRatios analyticsThread,
            ProfileSummary routingProfile,
            ProfileSummary routingAllocations,
            CpuUse.Cores cpuCores) {

        public Freshness withRoutingProfile(ProfileSummary profile, ProfileSummary allocations) {
            return new Freshness(
                    targetRatePerSec,
                    achievedRatePerSec,
                    p50Ms,
                    p99Ms,
                    maxMs,
                    ticksSent,
                    updatesMatched,
                    flipEvery,
                    routingThread,
                    analyticsThread,
                    profile,
                    allocations,
                    cpuCores);
        }

        /** As results written before the thread ratios existed. */
        public Freshness(
                int targetRatePerSec,
                Summary achievedRatePerSec,
                Summary p50Ms,
                Summary p99Ms,
                Summary maxMs,
                long ticksSent,
                long updatesMatched,
                int flipEvery) {
            this(
                    targetRatePerSec,
                    achievedRatePerSec,
                    p50Ms,
                    p99Ms,
                    maxMs,
                    ticksSent,
                    updatesMatched,
                    flipEvery,
                    null,
                    null,
                    null,
                    null,
                    null);
        }

        public boolean worstCase() {
            return flipEvery <= 1;
        }
    }

    /**
     * Kafka to ClickHouse through the sink connector vs one direct bulk insert of the same rows.
     *
     * @param connectorRowsPerSec              rows after the first landed ones, from the first landed rows to the last
     * @param ratio                            of the medians of connectorRowsPerSec and directRowsPerSec
     * @param connectorFromAssignmentRowsPerSec all rows, from the tasks owning every partition to the last row
     *                                         landed; null in results written before it was measured
     * @param connectorInserts                 batches the connector inserted; null before it was counted
     */
    public record Sink(
            long rows,
            Summary connectorRowsPerSec,
            Summary directRowsPerSec,
            double ratio,
            Summary connectorFromAssignmentRowsPerSec,
            Summary connectorInserts) {}

    /**
     * Memory, disk and per-tick cost of the Streams applications as distinct offers grow: routing alone
     * ({@code points}), then analytics alone ({@code analytics}; empty in results written before it was measured).
     */
    public record CostGrowth(List<CostPoint> points, List<AnalyticsCostPoint> analytics) {

        public CostGrowth(List<CostPoint> points) {
            this(points, List.of());
        }

        public CostGrowth {
            analytics = analytics == null ? List.of() : analytics;
        }
    }

    /**
     * @param paneCloseMillis the analytics application's own timing of the pane close a price dated one
     *                        pane later caused (the longest of its tasks' closes, as it logs them); null
     *                        when not reached, NaN when no close was logged
     */
    public record AnalyticsCostPoint(
            long offers,
            long targetOffers,
            boolean reached,
            long rssMb,
            long stateDirMb,
            double loadMicrosPerOffer,
            Double paneCloseMillis,
            String outcome) {}

    /**
     * @param offers distinct offers the application holds (when the tier was not reached: how many it had consumed
     *               from prices.gpu; its later stages lag behind that)
     * @param reached false when loading the tier did not finish within the time budget; then no ticks were timed
     * @param loadMicrosPerOffer wall time to process one new offer's first price, through the whole topology
     * @param routeTickMicros wall time per price tick that re-decides one route over every known offer
     * @param outcome why the tier was not reached (time budget, or the application's failure); null when reached
     */
    public record CostPoint(
            long offers,
            long targetOffers,
            boolean reached,
            long rssMb,
            long stateDirMb,
            double loadMicrosPerOffer,
            Summary routeTickMicros,
            String outcome) {}

    /** One JMH result. */
    public record Micro(String benchmark, String params, double score, double error, String unit) {}
}
