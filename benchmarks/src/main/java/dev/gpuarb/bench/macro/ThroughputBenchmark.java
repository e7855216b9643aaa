package dev.gpuarb.bench.macro;

import dev.gpuarb.bench.pipeline.BenchEngines;
import dev.gpuarb.bench.pipeline.GroupProgress;
import dev.gpuarb.bench.pipeline.SimulatorFeed;
import dev.gpuarb.bench.pipeline.StreamsProcess;
import dev.gpuarb.bench.pipeline.ThreadRatioLog;
import dev.gpuarb.bench.profile.JfrProfile;
import dev.gpuarb.bench.profile.ProfileSummary;
import dev.gpuarb.bench.report.BenchmarkReport.ThreadRatios;
import dev.gpuarb.bench.report.BenchmarkReport.Throughput;
import dev.gpuarb.bench.stats.Summary;
import dev.gpuarb.engines.registry.EmbeddedSchemaRegistry;
import dev.gpuarb.streams.Topologies;
import dev.gpuarb.streams.config.AppConfig;
import dev.gpuarb.streams.config.StreamsApp;
import dev.gpuarb.topics.Topic;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;

/**
 * Topology throughput: N price ticks and M gateway observations are produced once; then, per
 * repetition, a plain consumer reads and deserialises both topics (the raw rate), an exactly-once
 * pass-through Streams application drains them (the floor of any exactly-once application), the same
 * with one repartition hop (the floor of one that must repartition, as routing must), the same on the topics
 * analytics reads (its floor), all at routing's commit interval; then fresh processes (new application ids and
 * state) drain them running routing alone, analytics alone (as the deployment runs them), analytics at the
 * pass-through's commit interval, and both (as {@code gpuarb up} does). Each rate counts the records of the topics
 * the reader reads, from its first processed record (so JVM and rebalance start-up are left out) to the moment
 * every application has committed all it reads, its repartition topics included.
 */
public final class ThroughputBenchmark {

    private static final List<String> INPUTS =
            List.of(Topic.GPU_PRICES.topicName(), Topic.ENDPOINT_OBSERVATIONS.topicName());

    private final EmbeddedSchemaRegistry registry;
    private final Path workDir;
    private final long priceTicks;
    private final long observations;
    private final int repetitions;

    private static final String PASS_THROUGH = Throughput.PASS_THROUGH;
    private static final String ONE_HOP = Throughput.ONE_HOP_PASS_THROUGH;
    private static final String ANALYTICS_SAME_INTERVAL = Throughput.ANALYTICS_AT_PASS_THROUGH_INTERVAL;
    private static final String ANALYTICS_FLOOR = Throughput.PASS_THROUGH_ON_ANALYTICS_TOPICS;
    private static final String BOTH = "both";

    public ThroughputBenchmark(
            EmbeddedSchemaRegistry registry, Path workDir, long priceTicks, long observations, int repetitions) {
        this.registry = registry;
        this.workDir = workDir;
        this.priceTicks = priceTicks;
        this.observations = observations;
        this.repetitions = repetitions;
    }

    public Throughput run() throws Exception {
        try (BenchEngines engines = BenchEngines.start(registry);
                GroupProgress progress = new GroupProgress(engines.clients().props())) {
            SimulatorFeed.Produced produced;
            try (KafkaProducer<String, SpecificRecord> producer =
                    engines.clients().bulkProducer()) {
                long t0 = System.nanoTime();
                produced = SimulatorFeed.produce(producer, priceTicks, observations, 1000);
                System.out.printf(
                        "  produced %,d price ticks and %,d observations (%,d simulated ticks of 10 s) in %.1f s%n",
                        produced.priceTicks(),
                        produced.observations(),
                        produced.simulatedTicks(),
                        Waits.seconds(System.nanoTime() - t0));
            }
            long total = produced.priceTicks() + produced.observations();
            Map<String, Long> records = Map.of(
                    Topic.GPU_PRICES.topicName(), produced.priceTicks(),
                    Topic.ENDPOINT_OBSERVATIONS.topicName(), produced.observations());
            List<Double> raw = new ArrayList<>();
            Map<String, List<Double>> warm = new LinkedHashMap<>();
            Map<String, List<Double>> cold = new LinkedHashMap<>();
            Map<String, List<ThreadRatios>> threads = new LinkedHashMap<>();
            // The hop has as many partitions as routing's, whatever the overrides make that.
            Map<String, String> settings = new LinkedHashMap<>(StreamsProcess.overrides());
            settings.putIfAbsent(AppConfig.APPLICATION_ID, "bench-settings");
            int hopPartitions = AppConfig.from(settings).routingPartitions();
            // The pass-throughs commit at routing's interval (see StreamsProcess.startPassThrough).
            long routingIntervalMs =
                    AppConfig.from(settings).commitInterval(StreamsApp.ROUTING).toMillis();
            // Analytics' floor reads what analytics reads.
            Set<String> analyticsSources = Topologies.sourceTopics(StreamsApp.ANALYTICS, AppConfig.from(settings));
            List<String> analyticsInputs =
                    INPUTS.stream().filter(analyticsSources::contains).toList();
            for (int rep = 1; rep <= repetitions; rep++) {
                // Side by side in each repetition, so a change of the machine's load touches every reader alike.
                raw.add(rawConsumerRate(engines, total, rep));
                Map<String, Rates> rates = new LinkedHashMap<>();
                rates.put(PASS_THROUGH, passThroughRates(engines, progress, records, "bench-pt-" + rep, INPUTS, 0));
                rates.put(
                        ANALYTICS_FLOOR,
                        passThroughRates(engines, progress, records, "bench-pta-" + rep, analyticsInputs, 0));
                rates.put(
                        ONE_HOP,
                        passThroughRates(engines, progress, records, "bench-pth-" + rep, INPUTS, hopPartitions));
                rates.put(
                        StreamsApp.ROUTING.id(),
                        appRates(engines, progress, records, "bench-tr-" + rep, StreamsApp.ROUTING, null));
                rates.put(
                        StreamsApp.ANALYTICS.id(),
                        appRates(engines, progress, records, "bench-ta-" + rep, StreamsApp.ANALYTICS, null));
                // Analytics as the pass-through commits: the same interval, as the comparison asks; the run above
                // is at its own (far longer) interval, as the deployment runs it.
                rates.put(
                        ANALYTICS_SAME_INTERVAL,
                        appRates(
                                engines,
                                progress,
                                records,
                                "bench-tas-" + rep,
                                StreamsApp.ANALYTICS,
                                null,
                                Map.of(AppConfig.ANALYTICS_COMMIT_INTERVAL_MS, Long.toString(routingIntervalMs))));
                rates.put(BOTH, topologyRates(engines, progress, records, "bench-tp-" + rep, null));
                rates.forEach((reader, r) -> {
                    warm.computeIfAbsent(reader, k -> new ArrayList<>()).add(r.warm());
                    cold.computeIfAbsent(reader, k -> new ArrayList<>()).add(r.cold());
                    // One application per reader, except both, whose two are told apart.
                    r.threads()
                            .forEach((app, ratios) -> threads.computeIfAbsent(
                                            reader.equals(BOTH) ? BOTH + "/" + app : reader, k -> new ArrayList<>())
                                    .add(ratios));
                });
                System.out.printf(
                        "  repetition %d: pass-through with one hop %,.0f rec/s, on analytics' topics %,.0f, analytics at"
                                + " the pass-through's commit interval %,.0f%n",
                        rep,
                        rates.get(ONE_HOP).warm(),
                        rates.get(ANALYTICS_FLOOR).warm(),
                        rates.get(ANALYTICS_SAME_INTERVAL).warm());
                System.out.printf(
                        "  repetition %d: raw consumer %,.0f rec/s, pass-through %,.0f, routing alone %,.0f,"
                                + " analytics alone %,.0f, both %,.0f rec/s (warm JVMs; their first drains %,.0f, %,.0f,"
                                + " %,.0f, %,.0f)%n",
                        rep,
                        raw.get(rep - 1),
                        rates.get(PASS_THROUGH).warm(),
                        rates.get(StreamsApp.ROUTING.id()).warm(),
                        rates.get(StreamsApp.ANALYTICS.id()).warm(),
                        rates.get(BOTH).warm(),
                        rates.get(PASS_THROUGH).cold(),
                        rates.get(StreamsApp.ROUTING.id()).cold(),
                        rates.get(StreamsApp.ANALYTICS.id()).cold(),
                        rates.get(BOTH).cold());
            }
            // One more run of both under JFR, and one of each application alone, for where the time goes; their
            // rates are not in the medians.
            Path jfr = workDir.resolve("topology.jfr");
            double profiled = topologyRates(engines, progress, records, "bench-tp-profiled", jfr)
                    .warm();
            System.out.printf("  profiled run (JFR): topology %,.0f rec/s%n", profiled);
            ProfileSummary profile = Files.exists(jfr) ? JfrProfile.summarise(jfr, 15) : null;
            keep(jfr);
            Map<String, ProfileSummary> appProfiles = new LinkedHashMap<>();
            for (StreamsApp app : StreamsApp.values()) {
                Path appJfr = workDir.resolve(app.id() + ".jfr");
                double rate = appRates(engines, progress, records, "bench-" + app.id() + "-profiled", app, appJfr)
                        .warm();
                System.out.printf("  profiled run (JFR): %s alone %,.0f rec/s%n", app.id(), rate);
                if (Files.exists(appJfr)) {
                    appProfiles.put(app.id(), JfrProfile.summarise(appJfr, 15));
                    keep(appJfr);
                }
            }
            Summary rawSummary = Summary.of(raw);
            Summary topoSummary = Summary.of(warm.get(BOTH));
            Map<String, Summary> firstDrains = new LinkedHashMap<>();
            cold.forEach((reader, r) -> firstDrains.put(reader, Summary.of(r)));
            return new Throughput(
                    produced.priceTicks(),
                    produced.observations(),
                    rawSummary,
                    topoSummary,
                    topoSummary.median() / rawSummary.median(),
                    profile,
                    Summary.of(warm.get(PASS_THROUGH)),
                    Summary.of(warm.get(StreamsApp.ROUTING.id())),
                    Summary.of(warm.get(StreamsApp.ANALYTICS.id())),
                    appProfiles,
                    firstDrains,
                    Summary.of(warm.get(ONE_HOP)),
                    meanRatios(threads),
                    Summary.of(warm.get(ANALYTICS_SAME_INTERVAL)),
                    Summary.of(warm.get(ANALYTICS_FLOOR)));
        }
    }

    /**
     * Copies the recording to benchmarks/target/profiles (the work directory is deleted after a good run),
     * for a closer look with {@code jfr print} or JDK Mission Control.
     */
    static void keep(Path jfr) throws IOException {
        if (!Files.exists(jfr)) {
            return;
        }
        Path dir = Path.of("benchmarks", "target", "profiles");
        Files.createDirectories(dir);
        Path kept = dir.resolve(jfr.getFileName());
        Files.copy(jfr, kept, StandardCopyOption.REPLACE_EXISTING);
        System.out.println("  recording kept in " + kept.toAbsolutePath());
    }

    private double rawConsumerRate(BenchEngines engines, long total, int rep) {
        try (KafkaConsumer<String, SpecificRecord> consumer =
                engines.clients().consumer("bench-raw-" + rep, false, Map.of())) {
            consumer.subscribe(INPUTS);
            long seen = 0;
            long start = 0;
            long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
            while (seen < total && System.nanoTime() < deadline) {
                ConsumerRecords<String, SpecificRecord> records = consumer.poll(Duration.ofMillis(200));
                if (start == 0 && !records.isEmpty()) {
                    start = System.nanoTime(); // from the first fetched batch: group join is not reading
                }
                for (var r : records) {
                    if (r.value() != null) {
                        seen++;
                    }
                }
            }
            if (seen < total) {
                throw new IllegalStateException("raw consumer read only " + seen + " of " + total);
            }
            return total / Waits.seconds(System.nanoTime() - start);
        }
    }

    /**
     * A reader's drain rate in a fresh JVM (its first drain) and in a warm one (a second application, same JVM),
     * and how the warm drain's stream threads spent it, by application (the reader's own name for a pass-through).
     */
    private record Rates(double cold, double warm, Map<String, ThreadRatios> threads) {}

    /** Per reader, the repetitions' thread ratios weighted by their samples. */
    private static Map<String, ThreadRatios> meanRatios(Map<String, List<ThreadRatios>> byReader) {
        Map<String, ThreadRatios> means = new LinkedHashMap<>();
        byReader.forEach((reader, list) -> means.put(reader, ThreadRatioLog.combine(list)));
        return means;
    }

    /** An exactly-once pass-through on {@code inputs}, with a hop of {@code hopPartitions} (0: none). */
    private Rates passThroughRates(
            BenchEngines engines,
            GroupProgress progress,
            Map<String, Long> records,
            String appId,
            List<String> inputs,
            int hopPartitions)
            throws Exception {
        return drainRates(
                progress,
                records,
                () -> StreamsProcess.startPassThrough(
                        engines.bootstrap(), workDir.resolve(appId), appId, "1g", inputs, hopPartitions, true),
                null);
    }

    private Rates topologyRates(
            BenchEngines engines, GroupProgress progress, Map<String, Long> records, String appId, Path jfr)
            throws Exception {
        return appRates(engines, progress, records, appId, null, jfr);
    }

    /** One application alone in its process, as the deployment runs it; both when {@code only} is null. */
    private Rates appRates(
            BenchEngines engines,
            GroupProgress progress,
            Map<String, Long> records,
            String appId,
            StreamsApp only,
            Path jfr)
            throws Exception {
        return appRates(engines, progress, records, appId, only, jfr, Map.of());
    }

    private Rates appRates(
            BenchEngines engines,
            GroupProgress progress,
            Map<String, Long> records,
            String appId,
            StreamsApp only,
            Path jfr,
            Map<String, String> settings)
            throws Exception {
        Set<StreamsApp> apps = only == null ? Set.of(StreamsApp.values()) : Set.of(only);
        return drainRates(
                progress,
                records,
                () -> StreamsProcess.start(
                        engines.bootstrap(),
                        registry.url(),
                        workDir.resolve(appId),
                        appId,
                        "1g",
                        jfr,
                        apps,
                        true,
                        settings),
                jfr);
    }

    /**
     * Drains the input twice in one JVM: first under a warm-up application id (the rate of a freshly started
     * process: interpreter, JIT compiler and all), then as the measured application, whose code is compiled by
     * then, as in a service that has run for a while. The JFR recording, if any, covers the second drain.
     */
    private Rates drainRates(
            GroupProgress progress,
            Map<String, Long> records,
            java.util.function.Supplier<StreamsProcess> start,
            Path jfr)
            throws Exception {
        try (StreamsProcess app = start.get()) {
            double cold = drainRate(progress, records, app, app.warmUpGroups(INPUTS));
            app.endWarmUp();
            if (jfr != null) {
                app.startRecording();
            }
            long fromMs = System.currentTimeMillis();
            Map<String, List<String>> groups = app.groups(INPUTS);
            double warm = drainRate(progress, records, app, groups);
            long toMs = System.currentTimeMillis();
            if (jfr != null) {
                app.stopRecording(jfr);
            }
            Map<String, ThreadRatios> threads = new LinkedHashMap<>();
            for (String group : groups.keySet()) {
                ThreadRatios ratios = app.threadRatios().mean(group, fromMs, toMs);
                if (ratios != null) {
                    // An application's group is its id; the pass-through's is the reader's own.
                    String name = group.startsWith(app.applicationId() + "-")
                            ? group.substring(app.applicationId().length() + 1)
                            : "pass-through";
                    threads.put(name, ratios);
                }
            }
            return new Rates(cold, warm, threads);
        }
    }

    /**
     * Records per second from the moment the first group began processing (routing's when it runs: it reads every
     * input) until every group has drained what it reads, so JVM start, group join and task creation are left out.
     * The start is when a stream thread's records-processed count first rose (the child's thread sampler), not the
     * group's first commit: an application that commits every few seconds may do most of the work before its first
     * commit, and one with a repartition hop does its first hop's share of it. Only the records of the topics the
     * groups read count: analytics reads no gateway observations, so draining the input means the prices for it.
     */
    private static double drainRate(
            GroupProgress progress, Map<String, Long> records, StreamsProcess app, Map<String, List<String>> groups)
            throws Exception {
        String first = groups.keySet().iterator().next();
        Set<String> read = new java.util.TreeSet<>();
        groups.values().forEach(read::addAll);
        if (!groups.get(first).containsAll(read)) {
            throw new IllegalStateException("the first group, " + first + ", must read every topic the others read: "
                    + groups.get(first) + " of " + read);
        }
        long total = read.stream().mapToLong(records::get).sum();
        Waits.until(
                "the applications to drain " + total + " records",
                Duration.ofMinutes(30),
                200,
                () -> progress.drained(groups, app.hasRepartitions()),
                app::requireAlive);
        long drainedAt = System.currentTimeMillis();
        long startedAt = app.threadRatios()
                .firstProcessed(first)
                .orElseThrow(
                        () -> new IllegalStateException(first + " drained, but no thread of it was seen processing"));
        return total / ((drainedAt - startedAt) / 1000.0);
    }
}
