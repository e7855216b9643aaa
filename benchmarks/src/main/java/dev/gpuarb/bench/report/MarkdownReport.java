package dev.gpuarb.bench.report;

import dev.gpuarb.bench.machine.MachineInfo;
import dev.gpuarb.bench.profile.ProfileSummary;
import dev.gpuarb.bench.report.BenchmarkReport.CostPoint;
import dev.gpuarb.bench.report.BenchmarkReport.Freshness;
import dev.gpuarb.bench.report.BenchmarkReport.Micro;
import dev.gpuarb.bench.stats.Summary;
import java.util.Locale;
import java.util.Map;
import java.util.function.DoubleFunction;

/**
 * Renders a run as markdown: machine, one table per measurement, the profile. The same text goes to
 * results/&lt;timestamp&gt;.md and into the generated block of benchmarks/RESULTS.md ({@link ResultsFile}),
 * so its sections sit under the file's title and above the written analysis there.
 */
public final class MarkdownReport {

    private MarkdownReport() {}

    public static String render(BenchmarkReport r, String jsonName) {
        StringBuilder md = new StringBuilder();
        md.append("## Latest run\n\n");
        md.append("Run ")
                .append(r.startedAt())
                .append(" to ")
                .append(r.finishedAt())
                .append(r.quick() ? " (`--quick`: smoke sizes, not for comparison)" : " (full size)")
                .append("; raw data in `results/")
                .append(jsonName)
                .append("`, these tables also in `results/")
                .append(markdownName(jsonName))
                .append("`. Produced by `benchmarks/run`")
                .append(r.quick() ? " --quick" : "")
                .append(".\n\n");
        md.append("Medians over ")
                .append(r.repetitions())
                .append(" repetitions; the spread is min–max of the repetitions")
                .append(" and, in brackets, (max − min) / median.\n\n");
        machine(md, r.machine(), r.summary());
        if (r.throughput() != null) {
            throughput(md, r.throughput());
        }
        if (r.freshness() != null && !r.freshness().isEmpty()) {
            freshness(md, r);
        }
        if (r.sink() != null) {
            sink(md, r.sink());
        }
        if (r.cost() != null) {
            cost(md, r.cost());
        }
        if (r.micro() != null && !r.micro().isEmpty()) {
            micro(md, r);
        }
        if (r.notes() != null && !r.notes().isEmpty()) {
            md.append("## Notes\n\n");
            r.notes().forEach(n -> md.append("- ").append(n).append('\n'));
            md.append('\n');
        }
        return md.toString();
    }

    /** The name of a run's markdown file beside its JSON: 20261123T120000Z.json → 20261123T120000Z.md. */
    public static String markdownName(String jsonName) {
        return (jsonName.endsWith(".json") ? jsonName.substring(0, jsonName.length() - ".json".length()) : jsonName)
                + ".md";
    }

    private static void machine(StringBuilder md, MachineInfo m, Map<String, Object> summary) {
        md.append("## Machine\n\n");
        md.append("| | |\n|---|---|\n");
        md.append("| CPU | ")
                .append(m.cpuModel())
                .append(", ")
                .append(m.logicalCores())
                .append(" logical cores |\n");
        md.append("| RAM | ")
                .append(String.format(Locale.ROOT, "%,d MiB", m.ramMb()))
                .append(" |\n");
        md.append("| JDK | ").append(m.jdk()).append(" |\n");
        md.append("| OS | ").append(m.os()).append(" |\n");
        md.append("| load average (1/5/15 min) before | ")
                .append(m.loadAverageBefore())
                .append(" |\n");
        md.append("| load average (1/5/15 min) after | ")
                .append(m.loadAverageAfter())
                .append(" |\n");
        if (summary != null) { // reports written before the summary existed do not know their commit
            Object commit = summary.get(RunSummary.GIT_COMMIT);
            md.append("| commit | ")
                    .append(commit == null ? "unknown" : "`" + commit + "`")
                    .append(Boolean.TRUE.equals(summary.get(RunSummary.GIT_DIRTY)) ? " with uncommitted changes" : "")
                    .append(" |\n");
        }
        md.append('\n');
        md.append("The machine is shared with other builds: every number below was taken under that load (see the load")
                .append(
                        " averages) and is a lower bound of what the same code does on an idle machine. The broker, the")
                .append(
                        " schema registry, ClickHouse, the Connect worker and the measured application all share these cores.\n\n");
    }

    private static void throughput(StringBuilder md, BenchmarkReport.Throughput t) {
        md.append("## 1. Topology throughput\n\n");
        md.append(String.format(
                Locale.ROOT,
                "Input: %,d price ticks (prices.gpu) and %,d gateway observations (endpoint.obs)"
                        + " from the market simulator, produced before the clock starts.%n%n",
                t.priceTicks(),
                t.observations()));
        md.append("| reader | records/s (median) | spread |\n|---|---:|---|\n");
        md.append("| plain KafkaConsumer, Avro-deserialising both topics | ")
                .append(rate(t.rawConsumerRecordsPerSec().median()))
                .append(" | ")
                .append(spread(t.rawConsumerRecordsPerSec(), MarkdownReport::rate))
                .append(" |\n");
        md.append(
                        "| Streams applications of `gpuarb.apps` in one process (exactly-once v2, 1 thread each; drained when all have committed) | ")
                .append(rate(t.topologyRecordsPerSec().median()))
                .append(" | ")
                .append(spread(t.topologyRecordsPerSec(), MarkdownReport::rate))
                .append(" |\n");
        if (t.passThroughRecordsPerSec() != null) {
            row(
                    md,
                    "exactly-once pass-through Streams application (same topics, routing's commit interval, bytes copied)",
                    t.passThroughRecordsPerSec());
            if (t.oneHopPassThroughRecordsPerSec() != null) {
                row(
                        md,
                        "the same with one repartition hop (as many partitions as routing's; each record crosses it once)",
                        t.oneHopPassThroughRecordsPerSec());
            }
            if (t.analyticsPassThroughRecordsPerSec() != null) {
                row(
                        md,
                        "the same on the topics analytics reads (prices: analytics' floor)",
                        t.analyticsPassThroughRecordsPerSec());
            }
            row(md, "routing alone (`gpuarb.apps=routing`)", t.routingRecordsPerSec());
            row(md, "analytics alone (`gpuarb.apps=analytics`)", t.analyticsRecordsPerSec());
            if (t.analyticsSameIntervalRecordsPerSec() != null) {
                row(
                        md,
                        "analytics alone at the pass-through's commit interval instead of its own",
                        t.analyticsSameIntervalRecordsPerSec());
            }
        }
        md.append(String.format(
                Locale.ROOT, "%n**Ratio topology / raw consumer: %.3f** (%.1f%%).%n", t.ratio(), t.ratio() * 100));
        if (t.passThroughRecordsPerSec() != null) {
            double floor = t.passThroughRecordsPerSec().median();
            md.append(String.format(
                    Locale.ROOT,
                    "Pass-through / raw consumer: %.3f; routing / pass-through: %.3f;" + " analytics / %s: %.3f.%n",
                    floor / t.rawConsumerRecordsPerSec().median(),
                    t.routingRecordsPerSec().median() / floor,
                    t.analyticsPassThroughRecordsPerSec() == null ? "pass-through" : "pass-through on its topics",
                    t.analyticsRecordsPerSec().median() / t.analyticsFloor().median()));
            if (t.analyticsSameIntervalRecordsPerSec() != null) {
                md.append(String.format(
                        Locale.ROOT,
                        "Analytics at the pass-through's commit interval / %s: %.3f.%n",
                        t.analyticsPassThroughRecordsPerSec() == null ? "pass-through" : "pass-through on its topics",
                        t.analyticsSameIntervalRecordsPerSec().median()
                                / t.analyticsFloor().median()));
            }
            if (t.oneHopPassThroughRecordsPerSec() != null) {
                double hop = t.oneHopPassThroughRecordsPerSec().median();
                md.append(String.format(
                        Locale.ROOT,
                        "One-hop pass-through / pass-through: %.3f; routing / one-hop pass-through: %.3f.%n",
                        hop / floor,
                        t.routingRecordsPerSec().median() / hop));
            }
        }
        if (t.drainThreadRatios() != null && !t.drainThreadRatios().isEmpty()) {
            md.append(
                            "\nHow each reader's stream thread spent its warm drains (Kafka Streams' thread metrics, means over")
                    .append(" the repetitions):\n\n");
            threadTable(md, "reader", t.drainThreadRatios());
        }
        if (t.firstDrainRecordsPerSec() != null) {
            md.append("\nThe Streams rates above are of a second drain of the input in a JVM that had drained it once")
                    .append(
                            " already under another application id: compiled code, as in a service that has run a while.")
                    .append(" Their first drains, in fresh JVMs (interpreter and JIT compiler at work):\n\n")
                    .append("| reader | records/s (median) | spread |\n|---|---:|---|\n");
            t.firstDrainRecordsPerSec().forEach((reader, rate) -> row(md, reader, rate));
        }
        md.append('\n');
        if (t.profile() != null) {
            profile(md, "the topology's", t.profile());
        }
        if (t.appProfiles() != null) {
            t.appProfiles().forEach((app, p) -> profile(md, app + "'s (alone)", p));
        }
    }

    private static void row(StringBuilder md, String reader, Summary rate) {
        md.append("| ")
                .append(reader)
                .append(" | ")
                .append(rate(rate.median()))
                .append(" | ")
                .append(spread(rate, MarkdownReport::rate))
                .append(" |\n");
    }

    private static void profile(StringBuilder md, String whose, ProfileSummary p) {
        md.append(String.format(
                Locale.ROOT,
                "### Where %s time goes (JFR, %,d execution samples of a separate profiled run)%n%n",
                whose,
                p.samples()));
        md.append(
                "Share of samples whose stack passes through each area (inclusive; areas nest, so shares overlap):\n\n");
        md.append("| area | samples | share |\n|---|---:|---:|\n");
        p.areas()
                .forEach(s -> md.append("| ")
                        .append(s.name())
                        .append(" | ")
                        .append(s.samples())
                        .append(" | ")
                        .append(String.format(Locale.ROOT, "%.1f%%", s.pct()))
                        .append(" |\n"));
        md.append("\nHottest top frames (self time):\n\n");
        md.append("| frame | samples | share |\n|---|---:|---:|\n");
        p.topFrames()
                .forEach(s -> md.append("| `")
                        .append(s.name())
                        .append("` | ")
                        .append(s.samples())
                        .append(" | ")
                        .append(String.format(Locale.ROOT, "%.1f%%", s.pct()))
                        .append(" |\n"));
        md.append('\n');
    }

    private static void freshness(StringBuilder md, BenchmarkReport r) {
        md.append("## 2. Freshness: price tick produced → route update committed\n\n");
        md.append(
                "| input rate | ticks that switch the route | achieved | p50 | p99 | max | switching ticks sent / updates matched |\n"
                        + "|---:|---:|---:|---:|---:|---:|---:|\n");
        for (Freshness f : r.freshness()) {
            md.append(String.format(
                    Locale.ROOT,
                    "| %,d/s | %s | %s/s | %s | %s | %s | %,d / %,d |%n",
                    f.targetRatePerSec(),
                    f.worstCase() ? "every one" : "1 in " + f.flipEvery(),
                    rate(f.achievedRatePerSec().median()),
                    ms(f.p50Ms()),
                    ms(f.p99Ms()),
                    ms(f.maxMs()),
                    f.ticksSent(),
                    f.updatesMatched()));
        }
        md.append(
                "\nEach cell: median over the measurement windows [min–max]. Latency is measured on the ticks that switch"
                        + " the route; in the realistic mix the others move prices of the route's other offers without changing its choice."
                        + " Both applications run in one JVM that first ran them through 100,000 ticks under a warm-up application"
                        + " id (compiled code, as in a service that has run a while).\n\n");
        Map<String, BenchmarkReport.ThreadRatios> threads = new java.util.LinkedHashMap<>();
        for (Freshness f : r.freshness()) {
            String window = String.format(
                    Locale.ROOT,
                    "%,d/s, %s",
                    f.targetRatePerSec(),
                    f.worstCase() ? "every tick switches" : "1 in " + f.flipEvery());
            if (f.routingThread() != null) {
                threads.put(window + ": routing", f.routingThread());
            }
            if (f.analyticsThread() != null) {
                threads.put(window + ": analytics", f.analyticsThread());
            }
        }
        if (!threads.isEmpty()) {
            md.append(
                            "How the stream threads spent these windows while ticks arrived (Kafka Streams' thread metrics, read")
                    .append(" from 1.5 s after the first tick to the last, means over the windows):\n\n");
            threadTable(md, "windows", threads);
            md.append('\n');
        }
        if (r.freshness().stream().anyMatch(f -> f.cpuCores() != null)) {
            md.append(
                            "CPU used during these windows, in cores (CPU seconds per second): the applications' process, the")
                    .append(" benchmark's own (the broker, the load generator and the route-update watcher), and the")
                    .append(" whole machine (other builds included); means over the windows:\n\n")
                    .append("| windows | applications | benchmark | machine (of ")
                    .append(Runtime.getRuntime().availableProcessors())
                    .append(") |\n|---|---:|---:|---:|\n");
            for (Freshness f : r.freshness()) {
                if (f.cpuCores() != null) {
                    md.append(String.format(
                            Locale.ROOT,
                            "| %,d/s, %s | %.2f | %.2f | %.2f |%n",
                            f.targetRatePerSec(),
                            f.worstCase() ? "every tick switches" : "1 in " + f.flipEvery(),
                            f.cpuCores().app(),
                            f.cpuCores().harness(),
                            f.cpuCores().machine()));
                }
            }
            md.append('\n');
        }
        for (Freshness f : r.freshness()) {
            if (f.routingProfile() != null) {
                String whose = String.format(
                        Locale.ROOT,
                        "routing's stream thread's (%,d ticks/s, every tick switching: one more window, not in the"
                                + " figures above)",
                        f.targetRatePerSec());
                profile(md, whose, f.routingProfile());
            }
            if (f.routingAllocations() != null) {
                allocations(md, f.routingAllocations());
            }
        }
    }

    private static void allocations(StringBuilder md, ProfileSummary p) {
        md.append(String.format(
                Locale.ROOT,
                "### What the same thread allocated in that window (JFR allocation samples, %,.0f MiB in all)%n%n",
                p.samples() / 1048576.0));
        md.append("| area (inclusive) | MiB | share |\n|---|---:|---:|\n");
        p.areas()
                .forEach(s -> md.append(String.format(
                        Locale.ROOT, "| %s | %,.0f | %.1f%% |%n", s.name(), s.samples() / 1048576.0, s.pct())));
        md.append("\n| allocating frame | MiB | share |\n|---|---:|---:|\n");
        p.topFrames()
                .forEach(s -> md.append(String.format(
                        Locale.ROOT, "| `%s` | %,.0f | %.1f%% |%n", s.name(), s.samples() / 1048576.0, s.pct())));
        md.append('\n');
    }

    private static void threadTable(StringBuilder md, String what, Map<String, BenchmarkReport.ThreadRatios> rows) {
        md.append("| ")
                .append(what)
                .append(" | process | punctuate | poll (incl. waiting for records) | commit | samples |\n")
                .append("|---|---:|---:|---:|---:|---:|\n");
        rows.forEach((name, t) -> {
            if (t != null) {
                md.append(String.format(
                        Locale.ROOT,
                        "| %s | %.2f | %.3f | %.2f | %.2f | %d |%n",
                        name,
                        t.process(),
                        t.punctuate(),
                        t.poll(),
                        t.commit(),
                        t.samples()));
            }
        });
    }

    private static String ms(Summary s) {
        return String.format(Locale.ROOT, "%.0f ms [%.0f–%.0f]", s.median(), s.min(), s.max());
    }

    private static void sink(StringBuilder md, BenchmarkReport.Sink s) {
        md.append("## 3. Sink: Kafka → ClickHouse\n\n");
        md.append(String.format(
                Locale.ROOT, "%,d GPU price rows (prices.gpu → gpu_prices and its views).%n%n", s.rows()));
        md.append("| path | rows/s (median) | spread |\n|---|---:|---|\n");
        md.append("| sink connector (exactly-once, 2 tasks, Connect worker), first landed rows to last | ")
                .append(rate(s.connectorRowsPerSec().median()))
                .append(" | ")
                .append(spread(s.connectorRowsPerSec(), MarkdownReport::rate))
                .append(" |\n");
        if (s.connectorFromAssignmentRowsPerSec() != null) {
            md.append("| sink connector, tasks owning every partition to last row landed | ")
                    .append(rate(s.connectorFromAssignmentRowsPerSec().median()))
                    .append(" | ")
                    .append(spread(s.connectorFromAssignmentRowsPerSec(), MarkdownReport::rate))
                    .append(" |\n");
        }
        md.append("| direct bulk insert, client-v2 RowBinary, same rows (one request, pre-encoded) | ")
                .append(rate(s.directRowsPerSec().median()))
                .append(" | ")
                .append(spread(s.directRowsPerSec(), MarkdownReport::rate))
                .append(" |\n");
        md.append(String.format(
                Locale.ROOT, "%n**Ratio connector / direct: %.3f** (%.1f%%).", s.ratio(), s.ratio() * 100));
        if (s.connectorFromAssignmentRowsPerSec() != null) {
            double e2e = s.connectorFromAssignmentRowsPerSec().median()
                    / s.directRowsPerSec().median();
            md.append(String.format(Locale.ROOT, " From partition assignment: %.3f.", e2e));
        }
        if (s.connectorInserts() != null) {
            md.append(String.format(
                    Locale.ROOT,
                    " The connector made %,.0f inserts (median).",
                    s.connectorInserts().median()));
        }
        md.append(
                "\n\nThe first line counts from the connector's first landed rows, so rows already buffered by then are"
                        + " counted at the speed of their inserts; the second counts every row from the moment the tasks own all"
                        + " partitions (Kafka fetch, Avro, conversion, the batches' wait of up to batch.max.wait.ms and the"
                        + " inserts). The direct insert times only the insert of bytes read back from the connector's table.\n\n");
    }

    private static void cost(StringBuilder md, BenchmarkReport.CostGrowth c) {
        md.append("## 4. Cost growth with distinct offers\n\n");
        md.append(
                "| distinct offers | RSS of the Streams JVM | state directory | load, µs per new offer | route tick, µs (median [min–max]) |\n");
        md.append("|---:|---:|---:|---:|---:|\n");
        for (CostPoint p : c.points()) {
            String offers = p.reached()
                    ? String.format(Locale.ROOT, "%,d", p.offers())
                    : String.format(
                            Locale.ROOT,
                            "%,d of %,d consumed (%s)",
                            p.offers(),
                            p.targetOffers(),
                            p.outcome() == null ? "not reached in the time budget" : p.outcome());
            String tick = p.routeTickMicros() == null
                    ? "not measured"
                    : String.format(
                            Locale.ROOT,
                            "%,.0f [%,.0f–%,.0f]",
                            p.routeTickMicros().median(),
                            p.routeTickMicros().min(),
                            p.routeTickMicros().max());
            md.append(String.format(
                    Locale.ROOT,
                    "| %s | %,d MiB | %,d MiB | %,.1f | %s |%n",
                    offers,
                    p.rssMb(),
                    p.stateDirMb(),
                    p.loadMicrosPerOffer(),
                    tick));
        }
        md.append('\n');
        if (!c.analytics().isEmpty()) {
            md.append(
                    "Analytics alone, the same offers (each tier then one price that moves stream time a pane on:"
                            + " the pane close reads every offer its task holds; the time is the application's own, as logged):\n\n");
            md.append(
                    "| distinct offers | RSS of the Streams JVM | state directory | load, µs per new offer | pane close, ms |\n");
            md.append("|---:|---:|---:|---:|---:|\n");
            for (BenchmarkReport.AnalyticsCostPoint p : c.analytics()) {
                String offers = p.reached()
                        ? String.format(Locale.ROOT, "%,d", p.offers())
                        : String.format(
                                Locale.ROOT,
                                "%,d of %,d consumed (%s)",
                                p.offers(),
                                p.targetOffers(),
                                p.outcome() == null ? "not reached in the time budget" : p.outcome());
                String close =
                        p.paneCloseMillis() == null || p.paneCloseMillis().isNaN()
                                ? "not measured"
                                : String.format(Locale.ROOT, "%,.0f", p.paneCloseMillis());
                md.append(String.format(
                        Locale.ROOT,
                        "| %s | %,d MiB | %,d MiB | %,.1f | %s |%n",
                        offers,
                        p.rssMb(),
                        p.stateDirMb(),
                        p.loadMicrosPerOffer(),
                        close));
            }
            md.append('\n');
        }
    }

    private static void micro(StringBuilder md, BenchmarkReport r) {
        md.append("## 5. Microbenchmarks (JMH 1.37, 1 fork)\n\n");
        md.append("| benchmark | params | score | error (99.9%) | unit |\n|---|---|---:|---:|---|\n");
        for (Micro m : r.micro()) {
            md.append(String.format(
                    Locale.ROOT,
                    "| %s | %s | %,.3f | ± %,.3f | %s |%n",
                    m.benchmark(),
                    m.params().isEmpty() ? "" : m.params(),
                    m.score(),
                    m.error(),
                    m.unit()));
        }
        md.append('\n');
    }

    static String rate(double perSec) {
        return String.format(Locale.ROOT, "%,.0f", perSec);
    }

    static String spread(Summary s, DoubleFunction<String> fmt) {
        return String.format(Locale.ROOT, "%s–%s (%.0f%%)", fmt.apply(s.min()), fmt.apply(s.max()), s.spreadPct());
    }
}
