package dev.gpuarb.bench.macro;

import dev.gpuarb.bench.pipeline.BenchEngines;
import dev.gpuarb.bench.pipeline.GroupProgress;
import dev.gpuarb.bench.pipeline.SimulatorFeed;
import dev.gpuarb.bench.pipeline.StreamsProcess;
import dev.gpuarb.bench.profile.JfrProfile;
import dev.gpuarb.bench.profile.ProfileSummary;
import dev.gpuarb.bench.report.BenchmarkReport.Throughput;
import dev.gpuarb.bench.stats.Summary;
import dev.gpuarb.engines.registry.EmbeddedSchemaRegistry;
import dev.gpuarb.streams.StreamsApp;
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
 * pass-through Streams application drains them (the floor of any exactly-once application), then
 * fresh processes (new application ids and state) drain them running routing alone, analytics alone
 * (as the deployment runs them), and both (as {@code gpuarb up} does). The rate counts from routing's first committed progress (so JVM and rebalance
 * start-up are left out) to the moment every application has committed all it reads, its
 * repartition topics included.
 */
public final class ThroughputBenchmark {

    private static final List<String> INPUTS =
            List.of(Topic.GPU_PRICES.topicName(), Topic.ENDPOINT_OBSERVATIONS.topicName());

    private final EmbeddedSchemaRegistry registry;
    private final Path workDir;
    private final long priceTicks;
    private final long observations;
    private final int repetitions;

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
            List<Double> raw = new ArrayList<>();
            List<Double> passThrough = new ArrayList<>();
            List<Double> routing = new ArrayList<>();
            List<Double> analytics = new ArrayList<>();
            List<Double> topo = new ArrayList<>();
            for (int rep = 1; rep <= repetitions; rep++) {
                // Side by side in each repetition, so a change of the machine's load touches every reader alike.
                raw.add(rawConsumerRate(engines, total, rep));
                String pt = "bench-pt-" + rep;
                passThrough.add(drainRate(
                        progress,
                        total,
                        () -> StreamsProcess.startPassThrough(
                                engines.bootstrap(), workDir.resolve(pt), pt, "1g", INPUTS),
                        null));
                routing.add(appRate(engines, progress, total, "bench-tr-" + rep, StreamsApp.ROUTING, null));
                analytics.add(appRate(engines, progress, total, "bench-ta-" + rep, StreamsApp.ANALYTICS, null));
                topo.add(topologyRate(engines, progress, total, "bench-tp-" + rep, null));
                System.out.printf(
                        "  repetition %d: raw consumer %,.0f rec/s, pass-through %,.0f, routing alone %,.0f,"
                                + " analytics alone %,.0f, both %,.0f rec/s%n",
                        rep,
                        raw.get(rep - 1),
                        passThrough.get(rep - 1),
                        routing.get(rep - 1),
                        analytics.get(rep - 1),
                        topo.get(rep - 1));
            }
            // One more run of both under JFR, and one of each application alone, for where the time goes; their
            // rates are not in the medians.
            Path jfr = workDir.resolve("topology.jfr");
            double profiled = topologyRate(engines, progress, total, "bench-tp-profiled", jfr);
            System.out.printf("  profiled run (JFR): topology %,.0f rec/s%n", profiled);
            ProfileSummary profile = Files.exists(jfr) ? JfrProfile.summarise(jfr, 15) : null;
            keep(jfr);
            Map<String, ProfileSummary> appProfiles = new LinkedHashMap<>();
            for (StreamsApp app : StreamsApp.values()) {
                Path appJfr = workDir.resolve(app.id() + ".jfr");
                double rate = appRate(engines, progress, total, "bench-" + app.id() + "-profiled", app, appJfr);
                System.out.printf("  profiled run (JFR): %s alone %,.0f rec/s%n", app.id(), rate);
                if (Files.exists(appJfr)) {
                    appProfiles.put(app.id(), JfrProfile.summarise(appJfr, 15));
                    keep(appJfr);
                }
            }
            Summary rawSummary = Summary.of(raw);
            Summary topoSummary = Summary.of(topo);
            return new Throughput(
                    produced.priceTicks(),
                    produced.observations(),
                    rawSummary,
                    topoSummary,
                    topoSummary.median() / rawSummary.median(),
                    profile,
                    Summary.of(passThrough),
                    Summary.of(routing),
                    Summary.of(analytics),
                    appProfiles);
        }
    }

    /**
     * Copies the recording to benchmarks/target/profiles (the work directory is deleted after a good run),
     * for a closer look with {@code jfr print} or JDK Mission Control.
     */
    private static void keep(Path jfr) throws IOException {
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

    private double topologyRate(BenchEngines engines, GroupProgress progress, long total, String appId, Path jfr)
            throws Exception {
        return drainRate(
                progress,
                total,
                () -> StreamsProcess.start(
                        engines.bootstrap(), registry.url(), workDir.resolve(appId), appId, "1g", jfr),
                jfr);
    }

    /** One application alone in its process, as the deployment runs it. */
    private double appRate(
            BenchEngines engines, GroupProgress progress, long total, String appId, StreamsApp only, Path jfr)
            throws Exception {
        return drainRate(
                progress,
                total,
                () -> StreamsProcess.start(
                        engines.bootstrap(), registry.url(), workDir.resolve(appId), appId, "1g", jfr, Set.of(only)),
                jfr);
    }

    /** Records per second from the process's first committed progress until every group it runs has drained. */
    private double drainRate(
            GroupProgress progress, long total, java.util.function.Supplier<StreamsProcess> start, Path jfr)
            throws Exception {
        try (StreamsProcess app = start.get()) {
            String appId = app.applicationId();
            long[] firstCommitted = new long[1];
            // Routing reads every input, so its first commit starts the clock; the run ends when every
            // application has drained what it reads.
            long t0 = Waits.until(
                    "first committed progress of " + appId,
                    Duration.ofMinutes(3),
                    100,
                    () -> {
                        firstCommitted[0] = progress.committed(app.routingGroup(), INPUTS);
                        return firstCommitted[0] > 0;
                    },
                    app::requireAlive);
            Map<String, List<String>> groups = app.groups(INPUTS);
            long t1 = Waits.until(
                    "the applications to drain " + total + " records",
                    Duration.ofMinutes(30),
                    200,
                    () -> {
                        for (Map.Entry<String, List<String>> g : groups.entrySet()) {
                            if (!progress.drained(g.getKey(), g.getValue(), app.hasRepartitions())) {
                                return false;
                            }
                        }
                        return true;
                    },
                    app::requireAlive);
            if (jfr != null) {
                app.stopRecording(jfr);
            }
            return (total - firstCommitted[0]) / Waits.seconds(t1 - t0);
        }
    }
}
