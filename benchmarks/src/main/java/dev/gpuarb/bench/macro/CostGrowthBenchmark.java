package dev.gpuarb.bench.macro;

import dev.gpuarb.avro.GpuPriceObservation;
import dev.gpuarb.bench.machine.ProcessMemory;
import dev.gpuarb.bench.pipeline.BenchEngines;
import dev.gpuarb.bench.pipeline.BenchOffers;
import dev.gpuarb.bench.pipeline.GroupProgress;
import dev.gpuarb.bench.pipeline.RouteUpdateWatcher;
import dev.gpuarb.bench.pipeline.StreamsProcess;
import dev.gpuarb.bench.report.BenchmarkReport.AnalyticsCostPoint;
import dev.gpuarb.bench.report.BenchmarkReport.CostGrowth;
import dev.gpuarb.bench.report.BenchmarkReport.CostPoint;
import dev.gpuarb.bench.stats.Summary;
import dev.gpuarb.engines.registry.EmbeddedSchemaRegistry;
import dev.gpuarb.streams.config.AppConfig;
import dev.gpuarb.streams.config.StreamsApp;
import dev.gpuarb.streams.effect.EffectWindows;
import dev.gpuarb.topics.Topic;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Cost growth: the routing application alone (child JVM) is fed ever more distinct offers (cumulative
 * tiers, e.g. 10k, 100k, 1M). At each tier, once drained: its resident memory (VmRSS), the size of
 * its state directory, the wall time per newly loaded offer, and the cost of a price tick that
 * re-decides one route (the {@link BenchOffers} flip route): batches of ticks are sent at once and
 * timed until their last route update is committed, so µs/tick includes the route engine's work
 * over all known offers and amortised commits. Then the analytics application alone, on fresh
 * engines, with the same tiers: memory, state, load time, and the time one pane close takes (a price
 * dated one pane later makes it read every offer it holds).
 */
public final class CostGrowthBenchmark {

    private static final String ROUTE = "bench-cost";
    /**
     * The same batch at every tier: a batch's time includes one commit round trip, so a batch that shrank
     * with the tier (as it once did, when ticks cost O(offers)) would show growth that is only that round
     * trip divided by fewer ticks.
     */
    private static final int TICKS_PER_BATCH = 200;

    private static final List<String> INPUTS = List.of(Topic.GPU_PRICES.topicName(), Topic.ROUTE_POLICIES.topicName());

    private final EmbeddedSchemaRegistry registry;
    private final Path workDir;
    private final List<Long> tiers;
    private final int repetitions;
    private final Duration tierBudget;
    private final Consumer<CostGrowth> afterEachTier;

    public CostGrowthBenchmark(
            EmbeddedSchemaRegistry registry,
            Path workDir,
            List<Long> tiers,
            int repetitions,
            Duration tierBudget,
            Consumer<CostGrowth> afterEachTier) {
        this.tierBudget = tierBudget;
        this.afterEachTier = afterEachTier;
        this.registry = registry;
        this.workDir = workDir;
        this.tiers = tiers;
        this.repetitions = repetitions;
    }

    @SuppressWarnings("try") // the route-update watcher reports through its callback; the block only closes it
    public CostGrowth run() throws Exception {
        long base = System.currentTimeMillis() - Duration.ofHours(3).toMillis();
        ConcurrentHashMap<Long, Long> received = new ConcurrentHashMap<>();
        List<CostPoint> points = new ArrayList<>();
        try (BenchEngines engines = BenchEngines.start(registry);
                GroupProgress progress = new GroupProgress(engines.clients().props());
                KafkaProducer<String, SpecificRecord> producer =
                        engines.clients().bulkProducer();
                StreamsProcess app = StreamsProcess.start(
                        engines.bootstrap(),
                        registry.url(),
                        workDir.resolve("cost"),
                        "bench-cost",
                        "1g",
                        null,
                        Set.of(StreamsApp.ROUTING),
                        false);
                RouteUpdateWatcher watcher = new RouteUpdateWatcher(
                        engines.clients(),
                        "bench-cost-watch",
                        (u, at) -> received.putIfAbsent(u.getDecidedAt().toEpochMilli() - base, at))) {
            for (GpuPriceObservation o : BenchOffers.initial(base)) {
                send(producer, o);
            }
            producer.send(
                    new ProducerRecord<>(Topic.ROUTE_POLICIES.topicName(), ROUTE, BenchOffers.flipPolicy(ROUTE, base)));
            producer.flush();
            Waits.until(
                    "the first route decision",
                    Duration.ofMinutes(3),
                    100,
                    () -> received.containsKey(BenchOffers.POLICY_AT),
                    app::requireAlive);

            long loaded = 0;
            long[] nextTick = {0};
            for (long tier : tiers) {
                long t0 = System.nanoTime();
                for (long i = loaded; i < tier; i++) {
                    send(producer, BenchOffers.distinct(i, base - 500));
                }
                producer.flush();
                long committedBefore = committedPrices(progress);
                long t1;
                try {
                    t1 = Waits.until(
                            "the application to drain " + tier + " offers",
                            tierBudget,
                            250,
                            () -> progress.drained(app.routingGroup(), INPUTS),
                            app::requireAlive);
                } catch (IllegalStateException stopped) {
                    // Budget spent (larger tiers would take longer still) or the application died: record how far it
                    // got.
                    String outcome = stopped instanceof Waits.TimedOut
                            ? "not reached within the time budget of " + tierBudget.toSeconds() + " s"
                            : "the Streams application failed: " + app.failureCause();
                    long done = Math.max(0, committedPrices(progress) - committedBefore);
                    long rss = ProcessMemory.rssMb(app.pid());
                    long state = ProcessMemory.treeBytes(app.stateDir()) / (1024 * 1024);
                    // Time until the stop, not the whole budget: an application that died early was not that slow.
                    double micros = done == 0 ? Double.NaN : (System.nanoTime() - t0) / 1e3 / done;
                    points.add(new CostPoint(loaded + done, tier, false, rss, state, micros, null, outcome));
                    afterEachTier.accept(new CostGrowth(List.copyOf(points)));
                    System.out.printf(
                            "  %,d offers: %s; %,d new offers consumed from prices.gpu (%.0f µs/offer; later stages lag),"
                                    + " RSS %,d MiB, state dir %,d MiB; stopping%n",
                            tier, outcome, done, micros, rss, state);
                    break;
                }
                double loadMicros = (t1 - t0) / 1e3 / (tier - loaded);
                loaded = tier;
                long rss = ProcessMemory.rssMb(app.pid());
                long state = ProcessMemory.treeBytes(app.stateDir()) / (1024 * 1024);
                int ticks = TICKS_PER_BATCH;
                List<Double> perTick = new ArrayList<>();
                for (int rep = 0; rep < repetitions; rep++) {
                    perTick.add(tickBatch(producer, received, base, nextTick, ticks, app));
                }
                Summary tick = Summary.of(perTick);
                points.add(new CostPoint(tier, tier, true, rss, state, loadMicros, tick, null));
                afterEachTier.accept(new CostGrowth(List.copyOf(points)));
                System.out.printf(
                        "  %,d offers: RSS %,d MiB, state dir %,d MiB, load %.1f µs/offer, route tick %,.0f µs"
                                + " (median of %d batches of %d ticks)%n",
                        tier, rss, state, loadMicros, tick.median(), repetitions, ticks);
            }
        }
        List<AnalyticsCostPoint> analytics = analytics(points);
        return new CostGrowth(points, analytics);
    }

    private List<AnalyticsCostPoint> analytics(List<CostPoint> routing) throws Exception {
        AppConfig defaults = AppConfig.defaults("bench-cost-analytics");
        EffectWindows grid = EffectWindows.of(
                defaults.spreadsWindowSize(),
                defaults.spreadsWindowAdvance(),
                defaults.grace(),
                defaults.profilesHorizon());
        long at = System.currentTimeMillis() - Duration.ofHours(3).toMillis();
        // The first pane the application can still close, as it places it from the first price (see
        // PricesInEffectProcessor).
        long firstPane = grid.paneStartOf(at - grid.graceMs());
        List<AnalyticsCostPoint> points = new ArrayList<>();
        List<String> inputs = List.of(Topic.GPU_PRICES.topicName());
        try (BenchEngines engines = BenchEngines.start(registry);
                GroupProgress progress = new GroupProgress(engines.clients().props());
                KafkaProducer<String, SpecificRecord> producer =
                        engines.clients().bulkProducer();
                StreamsProcess app = StreamsProcess.start(
                        engines.bootstrap(),
                        registry.url(),
                        workDir.resolve("cost-analytics"),
                        "bench-cost-analytics",
                        "1g",
                        null,
                        Set.of(StreamsApp.ANALYTICS),
                        false)) {
            long loaded = 0;
            int closes = 0;
            for (long tier : tiers) {
                long t0 = System.nanoTime();
                for (long i = loaded; i < tier; i++) {
                    send(producer, BenchOffers.distinct(i, at));
                }
                producer.flush();
                try {
                    long t1 = Waits.until(
                            "analytics to drain " + tier + " offers",
                            tierBudget,
                            250,
                            () -> progress.drained(app.routingGroup(), inputs),
                            app::requireAlive);
                    double loadMicros = (t1 - t0) / 1e3 / (tier - loaded);
                    loaded = tier;
                    long rss = ProcessMemory.rssMb(app.pid());
                    long state = ProcessMemory.treeBytes(app.stateDir()) / (1024 * 1024);
                    // One price at the time that closes exactly the next pane (its end plus the grace).
                    closes++;
                    long clock = firstPane + closes * grid.paneMs() + grid.graceMs();
                    int logLinesBefore = PaneCloses.lines(app.log()).size();
                    send(producer, BenchOffers.distinct(tier + closes, clock));
                    producer.flush();
                    Waits.until(
                            "analytics to close a pane over " + tier + " offers",
                            tierBudget,
                            50,
                            () -> progress.drained(app.routingGroup(), inputs),
                            app::requireAlive);
                    // The wall time until the close is committed is two commit intervals (prices.gpu, then the
                    // repartition): the application's own timing of the close is the figure.
                    PaneCloses close = PaneCloses.since(app.log(), logLinesBefore);
                    double closeMillis = close.millis();
                    points.add(new AnalyticsCostPoint(tier, tier, true, rss, state, loadMicros, closeMillis, null));
                    afterEachTier.accept(new CostGrowth(List.copyOf(routing), List.copyOf(points)));
                    System.out.printf(
                            "  analytics, %,d offers: RSS %,d MiB, state dir %,d MiB, load %.1f µs/offer,"
                                    + " pane close %,.0f ms over %,d offers (%d tasks)%n",
                            tier, rss, state, loadMicros, closeMillis, close.offers(), close.tasks());
                } catch (IllegalStateException stopped) {
                    String outcome = stopped instanceof Waits.TimedOut
                            ? "not reached within the time budget of " + tierBudget.toSeconds() + " s"
                            : "the Streams application failed: " + app.failureCause();
                    points.add(new AnalyticsCostPoint(
                            loaded,
                            tier,
                            false,
                            ProcessMemory.rssMb(app.pid()),
                            ProcessMemory.treeBytes(app.stateDir()) / (1024 * 1024),
                            Double.NaN,
                            null,
                            outcome));
                    afterEachTier.accept(new CostGrowth(List.copyOf(routing), List.copyOf(points)));
                    System.out.printf("  analytics, %,d offers: %s; stopping%n", tier, outcome);
                    break;
                }
            }
        }
        return points;
    }

    /** Sends a batch of flip ticks at once; µs per tick until the last tick's update is committed. */
    private static double tickBatch(
            KafkaProducer<String, SpecificRecord> producer,
            ConcurrentHashMap<Long, Long> received,
            long base,
            long[] nextTick,
            int ticks,
            StreamsProcess app)
            throws Exception {
        long first = nextTick[0];
        long t0 = System.nanoTime();
        for (int i = 0; i < ticks; i++) {
            send(producer, BenchOffers.flipTick(nextTick[0]++, base));
        }
        producer.flush();
        long last = nextTick[0] - 1;
        Waits.until(
                "route updates of ticks " + first + ".." + last,
                Duration.ofMinutes(20),
                20,
                () -> received.containsKey(last),
                app::requireAlive);
        long t1 = received.get(last);
        return (t1 - t0) / 1e3 / ticks;
    }

    /** Offsets the application has committed on prices.gpu (a lower bound while a transaction is open). */
    private static long committedPrices(GroupProgress progress) {
        try {
            return progress.committed("bench-cost-" + StreamsApp.ROUTING.id(), List.of(Topic.GPU_PRICES.topicName()));
        } catch (Exception e) {
            return 0;
        }
    }

    private static void send(KafkaProducer<String, SpecificRecord> producer, GpuPriceObservation o) {
        producer.send(new ProducerRecord<>(Topic.GPU_PRICES.topicName(), o.getOfferId(), o));
    }
}
