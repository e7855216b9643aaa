package dev.gpuarb.bench.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gpuarb.bench.machine.CpuUse;
import dev.gpuarb.bench.machine.MachineInfo;
import dev.gpuarb.bench.machine.SourceRevision;
import dev.gpuarb.bench.profile.ProfileSummary;
import dev.gpuarb.bench.report.BenchmarkReport.CostGrowth;
import dev.gpuarb.bench.report.BenchmarkReport.CostPoint;
import dev.gpuarb.bench.report.BenchmarkReport.Freshness;
import dev.gpuarb.bench.report.BenchmarkReport.Micro;
import dev.gpuarb.bench.report.BenchmarkReport.Sink;
import dev.gpuarb.bench.report.BenchmarkReport.ThreadRatios;
import dev.gpuarb.bench.report.BenchmarkReport.Throughput;
import dev.gpuarb.bench.stats.Summary;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MarkdownReportTest {

    @TempDir
    Path dir;

    static final SourceRevision REVISION = new SourceRevision("0123456789abcdef0123456789abcdef01234567", true);

    private static Map<String, Summary> firstDrains() {
        Map<String, Summary> first = new LinkedHashMap<>();
        first.put("pass-through", Summary.of(List.of(10_000.0, 12_000.0, 8_000.0)));
        first.put("routing", Summary.of(List.of(2_000.0, 3_000.0, 4_000.0)));
        return first;
    }

    /** A full run with its summary; RunSummaryTest checks the summary against these inputs. */
    static BenchmarkReport sample() {
        MachineInfo machine =
                new MachineInfo("Test CPU 9000", 2, 24_105, "OpenJDK 17", "Linux", "5.10 2.00 1.00", "6.00 3.00 1.50");
        Throughput tp = new Throughput(
                1000,
                2000,
                Summary.of(List.of(300_000.0, 310_000.0, 290_000.0)),
                Summary.of(List.of(15_000.0, 16_000.0, 14_000.0)),
                15_000.0 / 300_000.0,
                new ProfileSummary(
                        10,
                        List.of(new ProfileSummary.Share("org.rocksdb.RocksIterator.next0", 4, 40.0)),
                        List.of(new ProfileSummary.Share("RocksDB (JNI)", 6, 60.0))),
                Summary.of(List.of(40_000.0, 50_000.0, 60_000.0)),
                Summary.of(List.of(25_000.0, 20_000.0, 30_000.0)),
                Summary.of(List.of(10_000.0, 12_000.0, 8_000.0)),
                Map.of(
                        "routing",
                        new ProfileSummary(
                                7,
                                List.of(new ProfileSummary.Share("java.util.Formatter.parse", 3, 42.9)),
                                List.of(new ProfileSummary.Share("Kafka Streams runtime", 5, 71.4)))),
                firstDrains());
        Freshness f = new Freshness(
                1000,
                Summary.of(List.of(999.0)),
                Summary.of(List.of(120.0, 130.0)),
                Summary.of(List.of(300.0, 310.0)),
                Summary.of(List.of(400.0, 420.0)),
                20_000,
                19_990,
                1);
        Sink sink = new Sink(
                5000,
                Summary.of(List.of(50_000.0)),
                Summary.of(List.of(500_000.0)),
                0.1,
                Summary.of(List.of(40_000.0)),
                Summary.of(List.of(6.0)));
        CostGrowth cost = new CostGrowth(
                List.of(
                        new CostPoint(
                                10_000, 10_000, true, 450, 12, 35.5, Summary.of(List.of(900.0, 1000.0, 1100.0)), null),
                        new CostPoint(
                                42_000,
                                100_000,
                                false,
                                900,
                                80,
                                5_000.0,
                                null,
                                "the Streams application failed: boom")),
                List.of(new BenchmarkReport.AnalyticsCostPoint(10_000, 10_000, true, 500, 20, 12.5, 1_234.0, null)));
        List<Micro> micro = List.of(
                new Micro("SerdeBenchmark.serialize", "", 812.5, 12.25, "ns/op"),
                new Micro("RouteSelectionBenchmark.evaluateAndDecide", "offers=1000", 55.1, 1.2, "us/op"),
                new Micro("RouteEngineTickBenchmark.tick", "offers=100000", 1234.5, 100.25, "us/op"));
        BenchmarkReport r = new BenchmarkReport(
                "2026-11-23T12:00:00Z",
                "2026-11-23T12:30:00Z",
                false,
                3,
                machine,
                tp,
                List.of(f),
                sink,
                cost,
                micro,
                List.of("a note"),
                null);
        return r.withSummary(RunSummary.of(r, REVISION));
    }

    /** {@code t} with its first drains replaced and the readers added since its first fields (null: not measured). */
    static Throughput withLaterReaders(
            Throughput t,
            Map<String, Summary> firstDrains,
            Summary oneHop,
            Map<String, ThreadRatios> threads,
            Summary analyticsSameInterval,
            Summary analyticsFloor) {
        return new Throughput(
                t.priceTicks(),
                t.observations(),
                t.rawConsumerRecordsPerSec(),
                t.topologyRecordsPerSec(),
                t.ratio(),
                t.profile(),
                t.passThroughRecordsPerSec(),
                t.routingRecordsPerSec(),
                t.analyticsRecordsPerSec(),
                t.appProfiles(),
                firstDrains,
                oneHop,
                threads,
                analyticsSameInterval,
                analyticsFloor);
    }

    @Test
    void rendersTheOneHopFloorAndHowTheStreamThreadsSpentTheirTime() {
        BenchmarkReport base = sample();
        Throughput t = base.throughput();
        Throughput withHop = withLaterReaders(
                t,
                t.firstDrainRecordsPerSec(),
                Summary.of(List.of(20_000.0, 40_000.0, 30_000.0)),
                Map.of("routing", new ThreadRatios(0.71, 0.004, 0.2, 0.086, 40)),
                Summary.of(List.of(80_000.0, 64_000.0, 72_000.0)),
                Summary.of(List.of(40_000.0, 36_000.0, 44_000.0)));
        Freshness f = base.freshness().get(0);
        long mib = 1L << 20;
        Freshness profiled = new Freshness(
                f.targetRatePerSec(),
                f.achievedRatePerSec(),
                f.p50Ms(),
                f.p99Ms(),
                f.maxMs(),
                f.ticksSent(),
                f.updatesMatched(),
                f.flipEvery(),
                new ThreadRatios(0.9, 0.0, 0.06, 0.04, 12),
                null,
                new ProfileSummary(
                        9,
                        List.of(new ProfileSummary.Share("java.util.HashMap.getNode", 3, 33.3)),
                        List.of(new ProfileSummary.Share("Kafka producer", 4, 44.4))),
                new ProfileSummary(
                        3 * mib,
                        List.of(new ProfileSummary.Share("java.util.Arrays.copyOf", 2 * mib, 66.7)),
                        List.of(new ProfileSummary.Share("Kafka Streams runtime", 3 * mib, 100.0))),
                new CpuUse.Cores(1.234, 0.5, 1.96));
        BenchmarkReport r = new BenchmarkReport(
                        base.startedAt(),
                        base.finishedAt(),
                        false,
                        3,
                        base.machine(),
                        withHop,
                        List.of(profiled),
                        null,
                        null,
                        null,
                        List.of(),
                        null)
                .withSummary(null);
        r = r.withSummary(RunSummary.of(r, REVISION));
        String md = MarkdownReport.render(r, "20261123T120000Z.json");
        // Medians: pass-through 50,000, one hop 30,000, on analytics' topics 40,000; routing 25,000, analytics
        // 10,000 (10,000 / 40,000 = 0.25), analytics at the pass-through's interval 72,000 (72,000 / 40,000 = 1.8).
        assertThat(md)
                .contains(
                        "| the same on the topics analytics reads (prices: analytics' floor) | 40,000 |",
                        "| analytics alone at the pass-through's commit interval instead of its own | 72,000 |",
                        "routing / pass-through: 0.500; analytics / pass-through on its topics: 0.250.",
                        "Analytics at the pass-through's commit interval / pass-through on its topics: 1.800.",
                        "| the same with one repartition hop (as many partitions as routing's; each record crosses it once) | 30,000 |",
                        "One-hop pass-through / pass-through: 0.600; routing / one-hop pass-through: 0.833.",
                        "| routing | 0.71 | 0.004 | 0.20 | 0.09 | 40 |",
                        "| 1,000/s, every tick switches: routing | 0.90 | 0.000 | 0.06 | 0.04 | 12 |",
                        "Where routing's stream thread's (1,000 ticks/s, every tick switching: one more window, not in the"
                                + " figures above) time goes (JFR, 9 execution samples",
                        "3 MiB in all",
                        "| `java.util.Arrays.copyOf` | 2 | 66.7% |",
                        "| Kafka Streams runtime | 3 | 100.0% |",
                        "| 1,000/s, every tick switches | 1.23 | 0.50 | 1.96 |");
        assertThat(r.summary())
                .containsEntry("one_hop_passthrough_records_per_sec", 30_000.0)
                .containsEntry("analytics_same_interval_records_per_sec", 72_000.0)
                .containsEntry("analytics_same_interval_vs_passthrough_ratio", 1.8)
                .containsEntry("analytics_passthrough_records_per_sec", 40_000.0)
                .containsEntry("analytics_vs_passthrough_ratio", 0.25)
                .containsEntry("routing_vs_passthrough_ratio", 0.5)
                .containsEntry("routing_process_ratio_1k", 0.9)
                .containsEntry("routing_commit_ratio_1k", 0.04)
                .containsEntry("freshness_app_cores_1k", 1.234)
                .containsEntry("freshness_machine_cores_1k", 1.96);
        assertThat((Double) r.summary().get("one_hop_passthrough_vs_passthrough_ratio"))
                .isCloseTo(0.6, org.assertj.core.data.Offset.offset(1e-12));
        assertThat((Double) r.summary().get("routing_vs_one_hop_passthrough_ratio"))
                .isCloseTo(25_000.0 / 30_000.0, org.assertj.core.data.Offset.offset(1e-12));
    }

    @Test
    void rendersMachineLoadAndEveryMeasurement() {
        String md = MarkdownReport.render(sample(), "20261123T120000Z.json");
        assertThat(md)
                .contains(
                        "Test CPU 9000, 2 logical cores",
                        "24,105 MiB",
                        "| load average (1/5/15 min) before | 5.10 2.00 1.00 |",
                        "| load average (1/5/15 min) after | 6.00 3.00 1.50 |",
                        "taken under that load",
                        "results/20261123T120000Z.json");
        assertThat(md)
                .contains(
                        "| 300,000 | 290,000–310,000 (7%) |",
                        "| 15,000 | 14,000–16,000 (13%) |",
                        "**Ratio topology / raw consumer: 0.050** (5.0%)",
                        "| exactly-once pass-through Streams application (same topics, routing's commit interval, bytes copied) | 50,000 |",
                        "Pass-through / raw consumer: 0.167; routing / pass-through: 0.500; analytics / pass-through: 0.200.");
        assertThat(md).contains("| RocksDB (JNI) | 6 | 60.0% |", "| `org.rocksdb.RocksIterator.next0` | 4 | 40.0% |");
        assertThat(md)
                .contains(
                        "### Where routing's (alone) time goes (JFR, 7 execution samples",
                        "| Kafka Streams runtime | 5 | 71.4% |",
                        "| `java.util.Formatter.parse` | 3 | 42.9% |",
                        "Their first drains, in fresh JVMs",
                        "| routing | 3,000 | 2,000–4,000 (67%) |");
        assertThat(md)
                .contains(
                        "| 1,000/s | every one | 999/s | 125 ms [120–130] | 305 ms [300–310] | 410 ms [400–420] | 20,000 / 19,990 |");
        assertThat(md)
                .contains(
                        "**Ratio connector / direct: 0.100** (10.0%). From partition assignment: 0.080."
                                + " The connector made 6 inserts (median).",
                        "| sink connector, tasks owning every partition to last row landed | 40,000 |");
        assertThat(md)
                .contains(
                        "| 10,000 | 450 MiB | 12 MiB | 35.5 | 1,000 [900–1,100] |",
                        "| 42,000 of 100,000 consumed (the Streams application failed: boom) | 900 MiB | 80 MiB | 5,000.0 | not measured |",
                        "| distinct offers | RSS of the Streams JVM | state directory | load, µs per new offer | pane close, ms |",
                        "| 10,000 | 500 MiB | 20 MiB | 12.5 | 1,234 |");
        assertThat(md)
                .contains(
                        "| SerdeBenchmark.serialize |  | 812.500 | ± 12.250 | ns/op |",
                        "| RouteSelectionBenchmark.evaluateAndDecide | offers=1000 | 55.100 |",
                        "| RouteEngineTickBenchmark.tick | offers=100000 | 1,234.500 | ± 100.250 | us/op |");
        assertThat(md).contains("- a note");
        assertThat(md).contains("| commit | `0123456789abcdef0123456789abcdef01234567` with uncommitted changes |");
    }

    @Test
    void isTheLatestRunSectionUnderTheFilesTitleAndNamesItsOwnFiles() {
        String md = MarkdownReport.render(sample(), "20261123T120000Z.json");
        assertThat(md)
                .startsWith("## Latest run\n")
                .doesNotContain("# Benchmark results")
                .contains(
                        "raw data in `results/20261123T120000Z.json`, these tables also in `results/20261123T120000Z.md`");
        assertThat(MarkdownReport.markdownName("20261123T120000Z.json")).isEqualTo("20261123T120000Z.md");
    }

    @Test
    void commitIsUnknownWithoutGitAndLeftOutForReportsWithoutSummary() {
        BenchmarkReport full = sample();
        String clean = MarkdownReport.render(
                full.withSummary(RunSummary.of(full, new SourceRevision("abc", false))), "x.json");
        assertThat(clean).contains("| commit | `abc` |");
        String noGit = MarkdownReport.render(full.withSummary(RunSummary.of(full, SourceRevision.UNKNOWN)), "x.json");
        assertThat(noGit).contains("| commit | unknown |");
        String old = MarkdownReport.render(full.withSummary(null), "x.json");
        assertThat(old)
                .doesNotContain("| commit |")
                .contains("| load average (1/5/15 min) after | 6.00 3.00 1.50 |\n\n");
    }

    @Test
    void aSinkResultFromBeforeTheAssignmentTimingRendersWithoutIt() {
        BenchmarkReport full = sample();
        Sink old = new Sink(5000, full.sink().connectorRowsPerSec(), full.sink().directRowsPerSec(), 0.1, null, null);
        BenchmarkReport partial = new BenchmarkReport(
                full.startedAt(),
                full.finishedAt(),
                true,
                1,
                full.machine(),
                null,
                null,
                old,
                null,
                null,
                List.of(),
                null);
        String md = MarkdownReport.render(partial, "x.json");
        assertThat(md)
                .contains("**Ratio connector / direct: 0.100** (10.0%).")
                .doesNotContain("From partition assignment", "tasks owning every partition", "inserts (median)");
        assertThat(RunSummary.of(partial, SourceRevision.UNKNOWN))
                .containsKey("sink_connector_vs_direct_ratio")
                .doesNotContainKeys("sink_connector_from_assignment_rows_per_sec", "sink_connector_inserts");
    }

    @Test
    void partsNotRunAreLeftOut() {
        BenchmarkReport full = sample();
        BenchmarkReport partial = new BenchmarkReport(
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
        String md = MarkdownReport.render(partial, "x.json");
        assertThat(md)
                .contains("## 3. Sink", "`--quick`")
                .doesNotContain("## 1.", "## 2.", "## 4.", "## 5.", "## Notes");
    }

    @Test
    void jsonRoundTripKeepsTheNumbers() throws Exception {
        Path file = dir.resolve("results/r.json");
        JsonReport.write(sample(), file);
        BenchmarkReport back = JsonReport.read(file);
        assertThat(back).isEqualTo(sample());
        assertThat(back.summary()).containsEntry("cost_rss_mib_10k_offers", 450L);
    }

    @Test
    void filesWrittenBeforeTheSummaryStillRead() throws Exception {
        Path file = dir.resolve("results/old.json");
        JsonReport.write(sample(), file);
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode json = (ObjectNode) mapper.readTree(file.toFile());
        json.remove("summary");
        Files.writeString(file, mapper.writeValueAsString(json));
        BenchmarkReport back = JsonReport.read(file);
        assertThat(back.summary()).isNull();
        assertThat(back.withSummary(sample().summary())).isEqualTo(sample());
    }

    @Test
    void summaryComesFirstInTheJson() throws Exception {
        Path file = dir.resolve("results/r.json");
        JsonReport.write(sample(), file);
        assertThat(new ObjectMapper().readTree(file.toFile()).fieldNames().next())
                .isEqualTo("summary");
    }
}
