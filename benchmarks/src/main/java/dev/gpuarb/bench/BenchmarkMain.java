package dev.gpuarb.bench;

import dev.gpuarb.bench.machine.MachineInfo;
import dev.gpuarb.bench.machine.SourceRevision;
import dev.gpuarb.bench.macro.CostGrowthBenchmark;
import dev.gpuarb.bench.macro.FreshnessBenchmark;
import dev.gpuarb.bench.macro.SinkBenchmark;
import dev.gpuarb.bench.macro.ThroughputBenchmark;
import dev.gpuarb.bench.micro.MicroBenchmarks;
import dev.gpuarb.bench.pipeline.StreamsProcess;
import dev.gpuarb.bench.report.BenchmarkReport;
import dev.gpuarb.bench.report.JsonReport;
import dev.gpuarb.bench.report.MarkdownReport;
import dev.gpuarb.bench.report.ResultsFile;
import dev.gpuarb.bench.report.RunSummary;
import dev.gpuarb.engines.registry.EmbeddedSchemaRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * The benchmark command: starts the shared schema registry, runs each macro benchmark on a broker of
 * its own, then the JMH microbenchmarks, and writes results/&lt;timestamp&gt;.json and .md, and the
 * latest-run block of RESULTS.md (the rest of that file is kept).
 * A part that fails is reported in the notes; the others still run.
 */
public final class BenchmarkMain {

    /** How a part's failure reads in the notes (other notes, e.g. settings, are not failures). */
    private static final String FAILED = " failed: ";

    private BenchmarkMain() {}

    public static void main(String[] args) throws Exception {
        if (List.of(args).contains("--help")) {
            System.out.print(Options.usage());
            return;
        }
        Options o = Options.parse(args);
        Instant started = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        MachineInfo machine = MachineInfo.probe();
        // Before anything is written: this run's own output must not count as a change to the work tree.
        // benchmarks/run starts us in the project root.
        SourceRevision revision = SourceRevision.probe(Path.of("").toAbsolutePath());
        System.out.printf(
                "gpuarb benchmarks%s: %s, %d cores, load %s, commit %s%s%n",
                o.quick() ? " (quick)" : "",
                machine.cpuModel(),
                machine.logicalCores(),
                machine.loadAverageBefore(),
                revision.commit() == null ? "unknown" : revision.commit(),
                Boolean.TRUE.equals(revision.dirty()) ? " with uncommitted changes" : "");
        Path work = Files.createTempDirectory("gpuarb-bench-");
        String name = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
                        .withZone(ZoneOffset.UTC)
                        .format(started) + ".json";
        List<String> notes = new ArrayList<>();
        if (!StreamsProcess.overrides().isEmpty()) {
            String settings = "The measured application ran with " + StreamsProcess.OVERRIDES_ENV + ": "
                    + StreamsProcess.overrides();
            System.out.println(settings);
            notes.add(settings);
        }
        BenchmarkReport.Throughput throughput = null;
        List<BenchmarkReport.Freshness> freshness = null;
        BenchmarkReport.Sink sink = null;
        BenchmarkReport.CostGrowth cost = null;
        List<BenchmarkReport.Micro> micro = null;
        if (o.parts().contains("micro")) {
            System.out.println("5. JMH microbenchmarks");
            try {
                micro = MicroBenchmarks.run(o.quick());
            } catch (Exception e) {
                failed(notes, "microbenchmarks", e);
            }
        }
        partial(
                o,
                name,
                started,
                machine,
                revision,
                throughput,
                freshness,
                sink,
                cost,
                micro,
                notes,
                "topology throughput");
        try (EmbeddedSchemaRegistry registry = EmbeddedSchemaRegistry.start()) {
            if (o.parts().contains("throughput")) {
                System.out.println("1. topology throughput");
                try {
                    throughput = new ThroughputBenchmark(
                                    registry,
                                    work.resolve("throughput"),
                                    o.priceTicks(),
                                    o.observations(),
                                    o.repetitions())
                            .run();
                } catch (Exception e) {
                    failed(notes, "throughput", e);
                }
            }
            partial(o, name, started, machine, revision, throughput, freshness, sink, cost, micro, notes, "freshness");
            if (o.parts().contains("freshness")) {
                System.out.println("2. freshness");
                try {
                    freshness = new FreshnessBenchmark(
                                    registry,
                                    work.resolve("freshness"),
                                    o.freshnessRates(),
                                    Duration.ofSeconds(o.freshnessWindowSeconds()),
                                    o.repetitions())
                            .run();
                } catch (Exception e) {
                    failed(notes, "freshness", e);
                }
            }
            partial(o, name, started, machine, revision, throughput, freshness, sink, cost, micro, notes, "sink");
            if (o.parts().contains("sink")) {
                System.out.println("3. sink");
                try {
                    sink = new SinkBenchmark(registry, work.resolve("sink"), o.sinkRows(), o.repetitions()).run();
                } catch (Exception e) {
                    failed(notes, "sink", e);
                }
            }
            partial(
                    o,
                    name,
                    started,
                    machine,
                    revision,
                    throughput,
                    freshness,
                    sink,
                    cost,
                    micro,
                    notes,
                    "cost growth");
            if (o.parts().contains("cost")) {
                System.out.println("4. cost growth");
                try {
                    List<BenchmarkReport.Micro> microDone = micro;
                    BenchmarkReport.Throughput tDone = throughput;
                    List<BenchmarkReport.Freshness> fDone = freshness;
                    BenchmarkReport.Sink sDone = sink;
                    cost = new CostGrowthBenchmark(
                                    registry,
                                    work.resolve("cost"),
                                    o.costTiers(),
                                    o.repetitions(),
                                    Duration.ofSeconds(o.tierBudgetSeconds()),
                                    soFar -> {
                                        try {
                                            partial(
                                                    o,
                                                    name,
                                                    started,
                                                    machine,
                                                    revision,
                                                    tDone,
                                                    fDone,
                                                    sDone,
                                                    soFar,
                                                    microDone,
                                                    notes,
                                                    "the next cost growth tier");
                                        } catch (java.io.IOException e) {
                                            throw new java.io.UncheckedIOException(e);
                                        }
                                    })
                            .run();
                } catch (Exception e) {
                    failed(notes, "cost growth", e);
                }
            }
        }
        BenchmarkReport report = new BenchmarkReport(
                started.toString(),
                Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(),
                o.quick(),
                o.repetitions(),
                machine.withLoadAfter(),
                throughput,
                freshness,
                sink,
                cost,
                micro,
                notes,
                null);
        write(o, name, report, revision);
        System.out.printf(
                "wrote %s, %s and the latest run in %s%n",
                o.outputDir().resolve("results").resolve(name),
                MarkdownReport.markdownName(name),
                o.outputDir().resolve("RESULTS.md"));
        boolean tierFailed = cost != null && cost.points().stream().anyMatch(p -> !p.reached());
        boolean partFailed = notes.stream().anyMatch(n -> n.contains(FAILED));
        if (!partFailed && !tierFailed) {
            deleteTree(work); // state stores and ClickHouse data of a full run take gigabytes
        } else {
            System.out.println("work files (application logs) kept for diagnosis in " + work);
        }
        System.exit(partFailed ? 1 : 0);
    }

    private static void partial(
            Options o,
            String name,
            Instant started,
            MachineInfo machine,
            SourceRevision revision,
            BenchmarkReport.Throughput t,
            List<BenchmarkReport.Freshness> f,
            BenchmarkReport.Sink s,
            BenchmarkReport.CostGrowth c,
            List<BenchmarkReport.Micro> m,
            List<String> notes,
            String next)
            throws java.io.IOException {
        List<String> n = new ArrayList<>(notes);
        n.add("Incomplete run: written before " + next + " started; a finished run replaces this file.");
        write(
                o,
                name,
                new BenchmarkReport(
                        started.toString(),
                        Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(),
                        o.quick(),
                        o.repetitions(),
                        machine.withLoadAfter(),
                        t,
                        f,
                        s,
                        c,
                        m,
                        n,
                        null),
                revision);
    }

    /**
     * Writes the JSON and markdown of the run and its block of RESULTS.md; also called after each part, so a
     * stopped run leaves what it measured.
     */
    private static void write(Options o, String name, BenchmarkReport report, SourceRevision revision)
            throws java.io.IOException {
        BenchmarkReport summarised = report.withSummary(RunSummary.of(report, revision));
        Path results = o.outputDir().resolve("results");
        JsonReport.write(summarised, results.resolve(name));
        String md = MarkdownReport.render(summarised, name);
        Files.writeString(results.resolve(MarkdownReport.markdownName(name)), md);
        Path resultsMd = o.outputDir().resolve("RESULTS.md");
        try {
            ResultsFile.update(resultsMd, md);
        } catch (IllegalArgumentException e) {
            // A hand-edited marker: leave the file alone rather than guess; the tables are in results/ anyway.
            System.out.println("  " + resultsMd + " not updated: " + e.getMessage());
        }
    }

    private static void deleteTree(Path dir) throws java.io.IOException {
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder())
                    .forEach(p -> p.toFile().delete());
        }
    }

    private static void failed(List<String> notes, String part, Exception e) {
        e.printStackTrace(System.out);
        notes.add(part + FAILED + e);
    }
}
