package dev.gpuarb.bench.macro;

import dev.gpuarb.avro.GpuPriceObservation;
import dev.gpuarb.avro.RoutePolicy;
import dev.gpuarb.avro.RouteUpdate;
import dev.gpuarb.bench.machine.CpuUse;
import dev.gpuarb.bench.pipeline.BenchEngines;
import dev.gpuarb.bench.pipeline.BenchOffers;
import dev.gpuarb.bench.pipeline.GroupProgress;
import dev.gpuarb.bench.pipeline.RouteUpdateWatcher;
import dev.gpuarb.bench.pipeline.StreamsProcess;
import dev.gpuarb.bench.pipeline.ThreadRatioLog;
import dev.gpuarb.bench.profile.JfrProfile;
import dev.gpuarb.bench.profile.ProfileSummary;
import dev.gpuarb.bench.report.BenchmarkReport.Freshness;
import dev.gpuarb.bench.report.BenchmarkReport.ThreadRatios;
import dev.gpuarb.bench.stats.Latencies;
import dev.gpuarb.bench.stats.Summary;
import dev.gpuarb.engines.registry.EmbeddedSchemaRegistry;
import dev.gpuarb.streams.config.StreamsApp;
import dev.gpuarb.topics.Topic;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Freshness: the time from handing a price tick to the producer until a read_committed consumer of
 * routes.updates receives the route update it caused, at fixed input rates. Ticks follow
 * {@link BenchOffers}: every tick switches the route, and the update's decidedAt (the tick's event
 * time) names the tick. One application instance serves all windows; each rate is measured in
 * several windows (the repetitions) after an unmeasured warm-up. Two mixes per rate: the worst case
 * (every tick switches the route) and a realistic one where one tick in {@value #REALISTIC_FLIP_EVERY}
 * switches it and the others move prices of other offers of the route's product without changing
 * its choice; latency is measured on the switching ticks, under the load of all of them. Both applications run, as in
 * {@code gpuarb up}; before each window every application has drained what came before, so
 * analytics works through the window's own ticks beside routing, not a backlog of earlier ones.
 */
public final class FreshnessBenchmark {

    /** The topics the benchmark writes: what an application must have drained before a window. */
    private static final List<String> INPUTS = List.of(Topic.GPU_PRICES.topicName(), Topic.ROUTE_POLICIES.topicName());

    private static final String ROUTE = "bench-fresh";
    /** In the realistic mix, one tick in this many switches the route. */
    public static final int REALISTIC_FLIP_EVERY = 20;

    private static final List<Integer> MIXES = List.of(1, REALISTIC_FLIP_EVERY);

    /** Rate and length of the warm-up's ticks (per mix): enough for the stream threads' code to be compiled. */
    private static final int WARM_UP_RATE = 5_000;

    private static final Duration WARM_UP_WINDOW = Duration.ofSeconds(10);

    private final EmbeddedSchemaRegistry registry;
    private final Path workDir;
    private final List<Integer> rates;
    private final Duration window;
    private final int repetitions;

    public FreshnessBenchmark(
            EmbeddedSchemaRegistry registry, Path workDir, List<Integer> rates, Duration window, int repetitions) {
        this.registry = registry;
        this.workDir = workDir;
        this.rates = rates;
        this.window = window;
        this.repetitions = repetitions;
    }

    @SuppressWarnings("try") // the route-update watcher reports through its callback; the block only closes it
    public List<Freshness> run() throws Exception {
        long base = System.currentTimeMillis() - Duration.ofHours(2).toMillis();
        ConcurrentHashMap<Long, Long> received = new ConcurrentHashMap<>();
        AtomicLong unexpected = new AtomicLong();
        try (BenchEngines engines = BenchEngines.start(registry);
                GroupProgress progress = new GroupProgress(engines.clients().props());
                KafkaProducer<String, SpecificRecord> producer =
                        engines.clients().promptProducer();
                StreamsProcess app = StreamsProcess.start(
                        engines.bootstrap(),
                        registry.url(),
                        workDir.resolve("freshness"),
                        "bench-fresh",
                        "1g",
                        null,
                        Set.of(StreamsApp.values()),
                        true);
                RouteUpdateWatcher watcher = new RouteUpdateWatcher(
                        engines.clients(),
                        "bench-fresh-watch",
                        (update, at) -> record(update, at, base, received, unexpected))) {
            for (GpuPriceObservation o : BenchOffers.initial(base)) {
                producer.send(new ProducerRecord<>(Topic.GPU_PRICES.topicName(), o.getOfferId(), o));
            }
            producer.flush();
            RoutePolicy policy = BenchOffers.flipPolicy(ROUTE, base);
            producer.send(new ProducerRecord<>(Topic.ROUTE_POLICIES.topicName(), ROUTE, policy));
            producer.flush();
            // The first decision (route on A) tells us the application is up and has both offers.
            Waits.until(
                    "the first route decision",
                    Duration.ofMinutes(3),
                    100,
                    () -> unexpected.get() > 0,
                    app::requireAlive);

            long[] next = {0};
            long[] noise = {0};
            warmUp(producer, progress, app, base, next, noise);
            // The measured applications' own first window: caches, the first transactions.
            sendWindow(producer, 1000, Duration.ofSeconds(5), base, next, new ArrayList<>(), 1, noise);
            awaitAll(received, next[0], app);
            Map<String, List<String>> groups = app.groups(INPUTS);
            awaitDrained(progress, groups, app);

            List<Freshness> results = new ArrayList<>();
            CpuUse cpu = new CpuUse(app.pid());
            for (int flipEvery : MIXES) {
                for (int rate : rates) {
                    List<Double> achieved = new ArrayList<>();
                    List<Double> p50 = new ArrayList<>();
                    List<Double> p99 = new ArrayList<>();
                    List<Double> max = new ArrayList<>();
                    long sentTotal = 0;
                    long matchedTotal = 0;
                    List<ThreadRatios> routingThread = new ArrayList<>();
                    List<ThreadRatios> analyticsThread = new ArrayList<>();
                    List<CpuUse.Cores> cores = new ArrayList<>();
                    for (int rep = 0; rep < repetitions; rep++) {
                        List<long[]> sent = new ArrayList<>();
                        long first = next[0];
                        long fromMs = System.currentTimeMillis();
                        CpuUse.Reading cpuFrom = cpu.read();
                        long t0 = System.nanoTime();
                        long records = sendWindow(producer, rate, window, base, next, sent, flipEvery, noise);
                        achieved.add(records / Waits.seconds(System.nanoTime() - t0));
                        // Under load: while ticks arrive, not the catch-up after. Streams' ratios average its last
                        // two seconds or so, so readings from the window's first 1.5 s would still cover the idle
                        // before.
                        long toMs = System.currentTimeMillis();
                        cores.add(CpuUse.between(cpuFrom, cpu.read()));
                        awaitAll(received, next[0], app);
                        awaitDrained(progress, groups, app);
                        for (String group : groups.keySet()) {
                            ThreadRatios ratios = app.threadRatios().mean(group, fromMs + 1500, toMs);
                            (group.equals(app.routingGroup()) ? routingThread : analyticsThread).add(ratios);
                        }
                        double[] lat = new double[sent.size()];
                        int n = 0;
                        for (long[] s : sent) {
                            Long at = received.get(s[0]);
                            if (at != null) {
                                lat[n++] = (at - s[1]) / 1e6;
                            }
                        }
                        Latencies l = Latencies.ofMillis(java.util.Arrays.copyOf(lat, n));
                        p50.add(l.p50Ms());
                        p99.add(l.p99Ms());
                        max.add(l.maxMs());
                        sentTotal += sent.size();
                        matchedTotal += n;
                        System.out.printf(
                                "  %,d/s, 1 in %d switching, window %d: sent %,d, switching %,d (ticks %d..%d), matched %,d;"
                                        + " p50 %.1f ms, p99 %.1f ms, max %.1f ms%n",
                                rate,
                                flipEvery,
                                rep + 1,
                                records,
                                sent.size(),
                                first,
                                next[0] - 1,
                                n,
                                l.p50Ms(),
                                l.p99Ms(),
                                l.maxMs());
                    }
                    results.add(new Freshness(
                            rate,
                            Summary.of(achieved),
                            Summary.of(p50),
                            Summary.of(p99),
                            Summary.of(max),
                            sentTotal,
                            matchedTotal,
                            flipEvery,
                            ThreadRatioLog.combine(routingThread),
                            ThreadRatioLog.combine(analyticsThread),
                            null, // the profiled window comes after every measured one
                            null,
                            new CpuUse.Cores(
                                    mean(cores, CpuUse.Cores::app),
                                    mean(cores, CpuUse.Cores::harness),
                                    mean(cores, CpuUse.Cores::machine))));
                }
            }
            profileFastestWorstCase(producer, progress, app, groups, base, next, noise, received, results);
            return results;
        }
    }

    private static double mean(List<CpuUse.Cores> cores, java.util.function.ToDoubleFunction<CpuUse.Cores> part) {
        return cores.stream().mapToDouble(part).average().orElse(Double.NaN);
    }

    /**
     * One more window at the highest rate, every tick switching, with JFR recording: where routing's stream thread
     * spends its CPU and what it allocates when the input outpaces it. Not in the measured figures; the recording
     * is kept in benchmarks/target/profiles.
     */
    private void profileFastestWorstCase(
            KafkaProducer<String, SpecificRecord> producer,
            GroupProgress progress,
            StreamsProcess app,
            Map<String, List<String>> groups,
            long base,
            long[] next,
            long[] noise,
            ConcurrentHashMap<Long, Long> received,
            List<Freshness> results)
            throws Exception {
        int rate = rates.stream().mapToInt(Integer::intValue).max().orElseThrow();
        Path jfr = workDir.resolve("freshness-" + rate + ".jfr");
        app.startRecording();
        sendWindow(producer, rate, window, base, next, new ArrayList<>(), 1, noise);
        awaitAll(received, next[0], app);
        awaitDrained(progress, groups, app);
        app.stopRecording(jfr);
        String routingThreads = app.routingGroup() + "-";
        Predicate<String> routingStreamThread = t -> t.startsWith(routingThreads) && t.contains("StreamThread");
        ProfileSummary cpu = JfrProfile.summarise(jfr, 15, routingStreamThread);
        ProfileSummary allocated = JfrProfile.allocations(jfr, 15, routingStreamThread);
        ThroughputBenchmark.keep(jfr);
        System.out.printf(
                "  profiled window (JFR) at %,d/s: routing's stream thread %,d execution samples, %,d MiB allocated%n",
                rate, cpu.samples(), allocated.samples() >> 20);
        for (int i = 0; i < results.size(); i++) {
            Freshness f = results.get(i);
            if (f.targetRatePerSec() == rate && f.worstCase()) {
                results.set(i, f.withRoutingProfile(cpu, allocated));
            }
        }
    }

    /**
     * The warm-up run's ticks, both mixes, then the switch to the measured applications, which have read
     * everything from the beginning when this returns.
     */
    private static void warmUp(
            KafkaProducer<String, SpecificRecord> producer,
            GroupProgress progress,
            StreamsProcess app,
            long base,
            long[] next,
            long[] noise)
            throws Exception {
        long t0 = System.nanoTime();
        long ticks = 0;
        for (int flipEvery : MIXES) {
            ticks +=
                    sendWindow(producer, WARM_UP_RATE, WARM_UP_WINDOW, base, next, new ArrayList<>(), flipEvery, noise);
        }
        awaitDrained(progress, app.warmUpGroups(INPUTS), app);
        app.endWarmUp();
        awaitDrained(progress, app.groups(INPUTS), app);
        System.out.printf(
                "  warm-up: %,d ticks drained by the warm-up run, then by the measured applications, in %.1f s%n",
                ticks, Waits.seconds(System.nanoTime() - t0));
    }

    private static void record(
            RouteUpdate update, long at, long base, ConcurrentHashMap<Long, Long> received, AtomicLong other) {
        long tick = update.getDecidedAt().toEpochMilli() - base;
        if (tick < 0) {
            other.incrementAndGet(); // the first decision, on the starting prices
        } else {
            received.putIfAbsent(tick, at);
        }
    }

    /**
     * Sends ticks at a fixed rate for the window, one in {@code flipEvery} a switching tick (recorded as
     * {tick, send nanos}) and the others noise ticks; returns how many records it sent.
     */
    private static long sendWindow(
            KafkaProducer<String, SpecificRecord> producer,
            int rate,
            Duration window,
            long base,
            long[] next,
            List<long[]> sent,
            int flipEvery,
            long[] noise) {
        long start = System.nanoTime();
        long count = (long) rate * window.toSeconds();
        double interval = 1e9 / rate;
        for (long i = 0; i < count; i++) {
            long due = start + (long) (i * interval);
            long wait = due - System.nanoTime();
            if (wait > 50_000) {
                LockSupport.parkNanos(wait);
            }
            if (i % flipEvery != 0) {
                // Dated like the next switching tick, so event time keeps moving forward with the mix.
                GpuPriceObservation o = BenchOffers.noiseTick(noise[0]++, base + next[0]);
                producer.send(new ProducerRecord<>(Topic.GPU_PRICES.topicName(), o.getOfferId(), o));
                continue;
            }
            long tick = next[0]++;
            GpuPriceObservation o = BenchOffers.flipTick(tick, base);
            long at = System.nanoTime();
            producer.send(new ProducerRecord<>(Topic.GPU_PRICES.topicName(), o.getOfferId(), o));
            sent.add(new long[] {tick, at});
        }
        producer.flush();
        return count;
    }

    /**
     * Waits until every application has committed all it read, so that each window starts without a
     * backlog: analytics works through the window's ticks beside routing, not through the ones before.
     */
    private static void awaitDrained(GroupProgress progress, Map<String, List<String>> groups, StreamsProcess app)
            throws Exception {
        try {
            Waits.until(
                    "every application to drain",
                    Duration.ofMinutes(5),
                    200,
                    () -> progress.drained(groups, app.hasRepartitions()),
                    app::requireAlive);
        } catch (IllegalStateException e) {
            System.out.println("  " + e.getMessage());
        }
    }

    /** Waits until the update of the last sent tick arrived (bounded: a slow topology shows as high latency). */
    private static void awaitAll(ConcurrentHashMap<Long, Long> received, long upTo, StreamsProcess app)
            throws Exception {
        try {
            Waits.until(
                    "route updates up to tick " + (upTo - 1),
                    Duration.ofMinutes(5),
                    50,
                    () -> received.containsKey(upTo - 1),
                    app::requireAlive);
        } catch (IllegalStateException e) {
            System.out.println("  " + e.getMessage());
        }
    }
}
