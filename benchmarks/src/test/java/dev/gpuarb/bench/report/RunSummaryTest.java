package dev.gpuarb.bench.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import dev.gpuarb.bench.machine.SourceRevision;
import dev.gpuarb.bench.report.BenchmarkReport.AnalyticsCostPoint;
import dev.gpuarb.bench.report.BenchmarkReport.CostGrowth;
import dev.gpuarb.bench.report.BenchmarkReport.CostPoint;
import dev.gpuarb.bench.report.BenchmarkReport.Freshness;
import dev.gpuarb.bench.stats.Summary;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RunSummaryTest {

    @Test
    void headlineNumbersOfTheSampleRunInAFixedOrder() {
        Map<String, Object> s = RunSummary.of(MarkdownReportTest.sample(), MarkdownReportTest.REVISION);
        // Expected values worked out by hand from the sample's measurements (medians of 3 or of 2 values).
        assertThat(s)
                .containsExactly(
                        entry("git_commit", "0123456789abcdef0123456789abcdef01234567"),
                        entry("git_dirty", true),
                        entry("load_average_before", "5.10 2.00 1.00"),
                        entry("load_average_after", "6.00 3.00 1.50"),
                        entry("consumer_records_per_sec", 300_000.0), // 290k, 300k, 310k
                        entry("topology_records_per_sec", 15_000.0), // 14k, 15k, 16k
                        entry("topology_vs_consumer_ratio", 0.05),
                        entry("passthrough_records_per_sec", 50_000.0), // 40k, 50k, 60k
                        entry("routing_records_per_sec", 25_000.0), // 20k, 25k, 30k
                        entry("analytics_records_per_sec", 10_000.0), // 8k, 10k, 12k
                        entry("passthrough_vs_consumer_ratio", 50_000.0 / 300_000.0),
                        entry("routing_vs_passthrough_ratio", 0.5),
                        entry("analytics_vs_passthrough_ratio", 0.2),
                        entry("routing_vs_passthrough_ratio_first_drain", 0.3), // 3k of 10k
                        entry("freshness_p50_ms_1k", 125.0), // 120, 130
                        entry("freshness_p99_ms_1k", 305.0), // 300, 310
                        entry("routing_freshness_p99_ms_1k", 305.0),
                        entry("freshness_max_ms_1k", 410.0), // 400, 420
                        entry("freshness_matched_fraction_1k", 0.9995), // 19,990 of 20,000
                        entry("sink_connector_rows_per_sec", 50_000.0),
                        entry("sink_direct_rows_per_sec", 500_000.0),
                        entry("sink_connector_from_assignment_rows_per_sec", 40_000.0),
                        entry("sink_connector_from_assignment_vs_direct_ratio", 0.08),
                        entry("sink_vs_direct_ratio", 0.08),
                        entry("sink_connector_inserts", 6.0),
                        entry("sink_connector_vs_direct_ratio", 0.1),
                        entry("cost_rss_mib_10k_offers", 450L),
                        entry("cost_state_mib_10k_offers", 12L),
                        entry("routing_rss_mib_10k_offers", 450L),
                        entry("analytics_rss_mib_10k_offers", 500L),
                        entry("analytics_state_mib_10k_offers", 20L),
                        entry("analytics_pane_close_ms_10k_offers", 1_234.0));
    }

    @Test
    void analyticsFirstDrainsAreComparedWithThePassThroughOnItsTopics() {
        BenchmarkReport full = MarkdownReportTest.sample();
        BenchmarkReport.Throughput t = full.throughput();
        Map<String, Summary> first = new java.util.LinkedHashMap<>();
        first.put(BenchmarkReport.Throughput.PASS_THROUGH, Summary.of(List.of(10_000.0)));
        first.put(BenchmarkReport.Throughput.PASS_THROUGH_ON_ANALYTICS_TOPICS, Summary.of(List.of(20_000.0)));
        first.put("routing", Summary.of(List.of(3_000.0)));
        first.put("analytics", Summary.of(List.of(4_000.0)));
        first.put(BenchmarkReport.Throughput.ANALYTICS_AT_PASS_THROUGH_INTERVAL, Summary.of(List.of(5_000.0)));
        BenchmarkReport.Throughput withFloor = MarkdownReportTest.withLaterReaders(
                t, first, null, null, null, Summary.of(List.of(100_000.0, 40_000.0, 60_000.0)));
        BenchmarkReport r = new BenchmarkReport(
                full.startedAt(),
                full.finishedAt(),
                false,
                3,
                full.machine(),
                withFloor,
                null,
                null,
                null,
                null,
                List.of(),
                null);
        Map<String, Object> s = RunSummary.of(r, MarkdownReportTest.REVISION);
        assertThat(s)
                .containsEntry("routing_vs_passthrough_ratio", 0.5) // 25k of the 50k on every input topic
                .containsEntry("analytics_passthrough_records_per_sec", 60_000.0)
                .containsEntry("analytics_vs_passthrough_ratio", 10_000.0 / 60_000.0)
                .containsEntry("routing_vs_passthrough_ratio_first_drain", 0.3) // 3k of 10k
                .containsEntry("analytics_vs_passthrough_ratio_first_drain", 0.2) // 4k of 20k, not of 10k
                .containsEntry("analytics_at_pass_through_interval_vs_passthrough_ratio_first_drain", 0.25)
                .doesNotContainKey("pass_through_analytics_topics_vs_passthrough_ratio_first_drain")
                .doesNotContainKey("analytics_same_interval_records_per_sec");
    }

    @Test
    void partsNotRunHaveNoKeysAndAnUnknownRevisionIsNull() {
        BenchmarkReport full = MarkdownReportTest.sample();
        BenchmarkReport sinkOnly = new BenchmarkReport(
                full.startedAt(),
                full.finishedAt(),
                true,
                1,
                full.machine(),
                null,
                null,
                full.sink(),
                null,
                null,
                List.of(),
                null);
        Map<String, Object> s = RunSummary.of(sinkOnly, SourceRevision.UNKNOWN);
        assertThat(s.keySet())
                .containsExactly(
                        "git_commit",
                        "git_dirty",
                        "load_average_before",
                        "load_average_after",
                        "sink_connector_rows_per_sec",
                        "sink_direct_rows_per_sec",
                        "sink_connector_from_assignment_rows_per_sec",
                        "sink_connector_from_assignment_vs_direct_ratio",
                        "sink_vs_direct_ratio",
                        "sink_connector_inserts",
                        "sink_connector_vs_direct_ratio");
        assertThat(s.get("git_commit")).isNull();
        assertThat(s.get("git_dirty")).isNull();
    }

    @Test
    void ratesAndTiersInShortFormAndOnlyReachedTiers() {
        BenchmarkReport full = MarkdownReportTest.sample();
        Summary one = Summary.of(List.of(1.0));
        List<Freshness> freshness = List.of(
                new Freshness(10_000, one, one, one, one, 150_000, 93_449, 1),
                new Freshness(2_500, one, one, one, one, 0, 0, 1),
                new Freshness(1_000, one, Summary.of(List.of(7.0)), one, one, 250, 250, 20));
        CostGrowth cost = new CostGrowth(
                List.of(
                        new CostPoint(1_500, 1_500, true, 400, 1, 1.0, one, null),
                        new CostPoint(1_000_000, 1_000_000, true, 2_060, 1_023, 1.0, one, null),
                        new CostPoint(1_200_000, 10_000_000, false, 2_500, 1_200, 1.0, null, "not reached")),
                List.of(
                        new AnalyticsCostPoint(1_000_000, 1_000_000, true, 1_100, 700, 2.0, 4_321.0, null),
                        new AnalyticsCostPoint(
                                1_300_000, 10_000_000, false, 1_300, 900, Double.NaN, null, "not reached")));
        BenchmarkReport r = new BenchmarkReport(
                full.startedAt(),
                full.finishedAt(),
                false,
                1,
                full.machine(),
                null,
                freshness,
                null,
                cost,
                null,
                List.of(),
                null);
        Map<String, Object> s = RunSummary.of(r, MarkdownReportTest.REVISION);
        assertThat(s)
                .containsEntry("freshness_matched_fraction_10k", 93_449 / 150_000.0)
                .containsEntry("freshness_p50_ms_2500", 1.0)
                .containsEntry("freshness_p50_ms_1k_1in20", 7.0)
                .containsEntry("routing_freshness_p99_ms_1k_1in20", 1.0)
                .containsEntry("freshness_matched_fraction_2500", null) // no ticks: not a number, and JSON has no NaN
                .containsEntry("cost_rss_mib_1500_offers", 400L)
                .containsEntry("cost_state_mib_1m_offers", 1_023L)
                .containsEntry("routing_rss_mib_1m_offers", 2_060L)
                .containsEntry("analytics_rss_mib_1m_offers", 1_100L)
                .containsEntry("analytics_state_mib_1m_offers", 700L)
                .containsEntry("analytics_pane_close_ms_1m_offers", 4_321.0);
        assertThat(s.keySet()).noneMatch(k -> k.contains("10m") || k.contains("1200k") || k.contains("1300k"));
    }

    @Test
    void shortForm() {
        assertThat(RunSummary.shortForm(1_000)).isEqualTo("1k");
        assertThat(RunSummary.shortForm(100_000)).isEqualTo("100k");
        assertThat(RunSummary.shortForm(1_000_000)).isEqualTo("1m");
        assertThat(RunSummary.shortForm(2_500_000)).isEqualTo("2500k");
        assertThat(RunSummary.shortForm(2_500)).isEqualTo("2500");
        assertThat(RunSummary.shortForm(0)).isEqualTo("0");
    }
}
