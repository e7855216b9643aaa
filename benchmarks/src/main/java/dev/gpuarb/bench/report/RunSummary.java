package dev.gpuarb.bench.report;

import dev.gpuarb.bench.machine.SourceRevision;
import dev.gpuarb.bench.report.BenchmarkReport.CostPoint;
import dev.gpuarb.bench.report.BenchmarkReport.Freshness;
import dev.gpuarb.bench.report.BenchmarkReport.Throughput;
import dev.gpuarb.bench.stats.Summary;
import dev.gpuarb.streams.config.StreamsApp;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The headline numbers of a run under flat snake_case keys (the {@code summary} of the results JSON),
 * so that a script can compare runs without knowing the report's nested layout. Keys of a part that
 * did not run are left out; a value that is not a finite number is null. Keys are part of the
 * format: rename none.
 */
public final class RunSummary {

    public static final String GIT_COMMIT = "git_commit";
    public static final String GIT_DIRTY = "git_dirty";

    private RunSummary() {}

    /** The summary of {@code r} (its own summary, if any, is ignored), measured on {@code revision}. */
    public static Map<String, Object> of(BenchmarkReport r, SourceRevision revision) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put(GIT_COMMIT, revision.commit());
        s.put(GIT_DIRTY, revision.dirty());
        s.put("load_average_before", r.machine() == null ? null : r.machine().loadAverageBefore());
        s.put("load_average_after", r.machine() == null ? null : r.machine().loadAverageAfter());
        if (r.throughput() != null) {
            s.put(
                    "consumer_records_per_sec",
                    finite(r.throughput().rawConsumerRecordsPerSec().median()));
            s.put(
                    "topology_records_per_sec",
                    finite(r.throughput().topologyRecordsPerSec().median()));
            s.put("topology_vs_consumer_ratio", finite(r.throughput().ratio()));
            Summary passThrough = r.throughput().passThroughRecordsPerSec();
            if (passThrough != null) {
                double floor = passThrough.median();
                s.put("passthrough_records_per_sec", finite(floor));
                s.put(
                        "routing_records_per_sec",
                        finite(r.throughput().routingRecordsPerSec().median()));
                s.put(
                        "analytics_records_per_sec",
                        finite(r.throughput().analyticsRecordsPerSec().median()));
                s.put(
                        "passthrough_vs_consumer_ratio",
                        finite(floor / r.throughput().rawConsumerRecordsPerSec().median()));
                s.put(
                        "routing_vs_passthrough_ratio",
                        finite(r.throughput().routingRecordsPerSec().median() / floor));
                double analyticsFloor = r.throughput().analyticsFloor().median();
                s.put(
                        "analytics_vs_passthrough_ratio",
                        finite(r.throughput().analyticsRecordsPerSec().median() / analyticsFloor));
                if (r.throughput().analyticsPassThroughRecordsPerSec() != null) {
                    s.put("analytics_passthrough_records_per_sec", finite(analyticsFloor));
                }
                Summary sameInterval = r.throughput().analyticsSameIntervalRecordsPerSec();
                if (sameInterval != null) {
                    s.put("analytics_same_interval_records_per_sec", finite(sameInterval.median()));
                    s.put(
                            "analytics_same_interval_vs_passthrough_ratio",
                            finite(sameInterval.median() / analyticsFloor));
                }
                Summary hop = r.throughput().oneHopPassThroughRecordsPerSec();
                if (hop != null) {
                    s.put("one_hop_passthrough_records_per_sec", finite(hop.median()));
                    s.put("one_hop_passthrough_vs_passthrough_ratio", finite(hop.median() / floor));
                    s.put(
                            "routing_vs_one_hop_passthrough_ratio",
                            finite(r.throughput().routingRecordsPerSec().median() / hop.median()));
                }
            }
            Map<String, Summary> first = r.throughput().firstDrainRecordsPerSec();
            if (first != null && first.containsKey(Throughput.PASS_THROUGH)) {
                // The same ratios for fresh JVMs, whose first drain is mostly the JIT compiler's warm-up.
                double firstFloor = first.get(Throughput.PASS_THROUGH).median();
                Summary analyticsFirst = first.get(Throughput.PASS_THROUGH_ON_ANALYTICS_TOPICS);
                first.forEach((reader, rate) -> {
                    if (reader.equals(Throughput.PASS_THROUGH)
                            || reader.equals(Throughput.PASS_THROUGH_ON_ANALYTICS_TOPICS)) {
                        return;
                    }
                    // Analytics (at either interval) against the pass-through on its own topics, where measured.
                    boolean analytics = reader.equals(StreamsApp.ANALYTICS.id())
                            || reader.equals(Throughput.ANALYTICS_AT_PASS_THROUGH_INTERVAL);
                    double against = analytics && analyticsFirst != null ? analyticsFirst.median() : firstFloor;
                    s.put(
                            reader.replace('-', '_') + "_vs_passthrough_ratio_first_drain",
                            finite(rate.median() / against));
                });
            }
        }
        if (r.freshness() != null) {
            for (Freshness f : r.freshness()) {
                // Worst case (every tick switches the route) under the plain names; the realistic mix with its share.
                String rate = shortForm(f.targetRatePerSec()) + (f.worstCase() ? "" : "_1in" + f.flipEvery());
                s.put("freshness_p50_ms_" + rate, finite(f.p50Ms().median()));
                s.put("freshness_p99_ms_" + rate, finite(f.p99Ms().median()));
                s.put("routing_freshness_p99_ms_" + rate, finite(f.p99Ms().median())); // the name routing's targets use
                s.put("freshness_max_ms_" + rate, finite(f.maxMs().median()));
                s.put("freshness_matched_fraction_" + rate, finite((double) f.updatesMatched() / f.ticksSent()));
                if (f.cpuCores() != null) {
                    s.put("freshness_app_cores_" + rate, finite(f.cpuCores().app()));
                    s.put("freshness_machine_cores_" + rate, finite(f.cpuCores().machine()));
                }
                if (f.routingThread() != null) {
                    s.put(
                            "routing_process_ratio_" + rate,
                            finite(f.routingThread().process()));
                    s.put(
                            "routing_commit_ratio_" + rate,
                            finite(f.routingThread().commit()));
                    s.put("routing_poll_ratio_" + rate, finite(f.routingThread().poll()));
                }
            }
        }
        if (r.sink() != null) {
            s.put(
                    "sink_connector_rows_per_sec",
                    finite(r.sink().connectorRowsPerSec().median()));
            s.put("sink_direct_rows_per_sec", finite(r.sink().directRowsPerSec().median()));
            if (r.sink().connectorFromAssignmentRowsPerSec() != null) {
                s.put(
                        "sink_connector_from_assignment_rows_per_sec",
                        finite(r.sink().connectorFromAssignmentRowsPerSec().median()));
                double sustained = r.sink().connectorFromAssignmentRowsPerSec().median()
                        / r.sink().directRowsPerSec().median();
                s.put("sink_connector_from_assignment_vs_direct_ratio", finite(sustained));
                // The sink target's figure: every row, from the tasks owning their partitions. The headline ratio
                // below counts from the first landed rows, when a small backlog is already buffered, and flatters.
                s.put("sink_vs_direct_ratio", finite(sustained));
            }
            if (r.sink().connectorInserts() != null) {
                s.put(
                        "sink_connector_inserts",
                        finite(r.sink().connectorInserts().median()));
            }
            s.put("sink_connector_vs_direct_ratio", finite(r.sink().ratio()));
        }
        if (r.cost() != null) {
            for (CostPoint p : r.cost().points()) {
                if (p.reached()) { // a tier not reached has no comparable memory figure
                    s.put("cost_rss_mib_" + shortForm(p.offers()) + "_offers", p.rssMb());
                    s.put("cost_state_mib_" + shortForm(p.offers()) + "_offers", p.stateDirMb());
                    // The cost benchmark runs routing alone: the name routing's memory target uses.
                    s.put("routing_rss_mib_" + shortForm(p.offers()) + "_offers", p.rssMb());
                }
            }
            for (BenchmarkReport.AnalyticsCostPoint p : r.cost().analytics()) {
                if (p.reached()) {
                    s.put("analytics_rss_mib_" + shortForm(p.offers()) + "_offers", p.rssMb());
                    s.put("analytics_state_mib_" + shortForm(p.offers()) + "_offers", p.stateDirMb());
                    s.put(
                            "analytics_pane_close_ms_" + shortForm(p.offers()) + "_offers",
                            p.paneCloseMillis() == null ? null : finite(p.paneCloseMillis()));
                }
            }
        }
        return Collections.unmodifiableMap(s);
    }

    /** 1000 → 1k, 100000 → 100k, 1000000 → 1m; a number not divisible by 1000 as it is. */
    static String shortForm(long n) {
        if (n != 0 && n % 1_000_000 == 0) {
            return n / 1_000_000 + "m";
        }
        if (n != 0 && n % 1_000 == 0) {
            return n / 1_000 + "k";
        }
        return Long.toString(n);
    }

    // JSON has no NaN or infinity; a script reads null as "no value".
    private static Double finite(double v) {
        return Double.isFinite(v) ? v : null;
    }
}
