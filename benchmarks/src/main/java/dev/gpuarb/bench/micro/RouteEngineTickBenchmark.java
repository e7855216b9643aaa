package dev.gpuarb.bench.micro;

import dev.gpuarb.avro.EndpointLatencySummary;
import dev.gpuarb.avro.RoutePolicy;
import dev.gpuarb.avro.RouteUpdate;
import dev.gpuarb.serde.AvroSerde;
import dev.gpuarb.streams.routing.Eligibility;
import dev.gpuarb.streams.routing.LatestLatency;
import dev.gpuarb.streams.routing.OfferSnapshot;
import dev.gpuarb.streams.routing.RouteEngineProcessor;
import dev.gpuarb.streams.routing.RouteInput;
import dev.gpuarb.streams.routing.RouteSelector;
import dev.gpuarb.streams.routing.RouteStores;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.MockProcessorContext.CapturedForward;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * One price tick through the route engine: the real {@link RouteEngineProcessor} with its seven state
 * stores (serdes included), holding {@code offers} offers of {@link SampleMarket} and its one policy,
 * so the route's index is built. Each tick re-prices the same eligible H100 offer at a later event
 * time, in a cycle of four: cheapest (the route switches to it), cheapest again at another price
 * (no change), far above the cheapest but under the price cap (the route switches away), dear at
 * another price (no change). Every tick updates the route's index and decides; half publish an update.
 *
 * <p>The application keeps these stores in RocksDB. Here they are in-memory stores, without logging
 * or caching, so that the score is the engine's own work (index maintenance, store reads and
 * writes, serdes, the decision) and not RocksDB's native code, compactions and the disk of a shared
 * machine; the macro cost-growth benchmark times the tick in the running application on RocksDB.
 * One difference matters for reading the scores: an in-memory store's range or prefix iterator
 * first copies every key of the range, so the ranking scan that reads a route's cheapest few
 * offers costs in proportion to all of the route's eligible offers here, where a RocksDB iterator
 * reads lazily, only as far as it is advanced. Growth of the score with {@code offers} is largely
 * that copy.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class RouteEngineTickBenchmark {

    /** Price of the ticked offer when it is the cheapest: every other offer costs at least 1.0. */
    static final double[] CHEAP = {0.50, 0.55};
    /** Price when it is not: far above the cheapest eligible offer of any market size here, within the 4.5 cap. */
    static final double[] DEAR = {4.40, 4.45};
    /** Event-time step between ticks: beyond the policy's minimum dwell, so a cheaper offer may take the route. */
    static final long TICK_STEP_MS = 61_000;

    @Param({"1000", "10000", "100000"})
    public int offers;

    private MockProcessorContext<String, RouteUpdate> context;
    private RouteEngineProcessor engine;
    private OfferSnapshot ticked;
    private long now;
    private long ticks;

    @Setup(Level.Trial)
    public void setUp() {
        context = contextWithStores();
        // The engine ages offers by the wall clock; at the market's start nothing here has a deadline due.
        context.setCurrentSystemTimeMs(SampleMarket.T0);
        engine = new RouteEngineProcessor(new RouteSelector(3));
        engine.init(context);
        SampleMarket.Offers market = SampleMarket.offers(offers);
        RoutePolicy policy = SampleMarket.policy();
        for (OfferSnapshot offer : market.snapshots()) {
            engine.process(new Record<>(offer.offerId(), new RouteInput.OfferChanged(offer), offer.observedAt()));
        }
        market.latency()
                .forEach((offerId, l) -> engine.process(
                        new Record<>(offerId, new RouteInput.LatencyChanged(summary(offerId, l)), l.windowEnd())));
        now = SampleMarket.T0 + offers;
        engine.process(
                new Record<>(policy.getRouteId(), new RouteInput.PolicyChanged(policy.getRouteId(), policy), now));
        ticked = market.snapshots().stream()
                .filter(o -> Eligibility.matchesProduct(policy, o)
                        && Eligibility.whyIneligible(policy, o, market.latency().get(o.offerId()))
                                .isEmpty())
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("no eligible offer among " + offers));
        context.resetForwards();
    }

    /** Re-prices the ticked offer and returns what the engine published (a route update or nothing). */
    @Benchmark
    public List<CapturedForward<? extends String, ? extends RouteUpdate>> tick() {
        context.resetForwards();
        int phase = (int) (ticks++ % 4);
        double price = phase < 2 ? CHEAP[phase] : DEAR[phase - 2];
        now += TICK_STEP_MS;
        OfferSnapshot offer = new OfferSnapshot(
                ticked.offerId(),
                ticked.kind(),
                ticked.provider(),
                ticked.region(),
                ticked.zone(),
                ticked.product(),
                ticked.gpuModel(),
                ticked.gpuMemoryGb(),
                ticked.gpuCount(),
                ticked.pricingModel(),
                price,
                0,
                0,
                ticked.tags(),
                now,
                null,
                OfferSnapshot.Status.LIVE);
        engine.process(new Record<>(offer.offerId(), new RouteInput.OfferChanged(offer), now));
        return context.forwarded();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        RouteStores.valueSerdes(null, null)
                .keySet()
                .forEach(name -> context.getStateStore(name).close());
    }

    /** The offer each tick re-prices. */
    String tickedOfferId() {
        return ticked.offerId();
    }

    private static MockProcessorContext<String, RouteUpdate> contextWithStores() {
        Properties config = new Properties();
        config.put(StreamsConfig.APPLICATION_ID_CONFIG, "route-tick-benchmark");
        config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:9");
        MockProcessorContext<String, RouteUpdate> context = new MockProcessorContext<>(config);
        RouteStores.valueSerdes(avro(RoutePolicy.class), avro(RouteUpdate.class))
                .forEach((name, values) -> add(context, name, values));
        return context;
    }

    // One mock registry per store: the stores of a mock context all serialise under the same subject.
    private static <T extends SpecificRecord> Serde<T> avro(Class<T> type) {
        AvroSerde<T> serde = AvroSerde.specific(type);
        serde.configure(Map.of("schema.registry.url", "mock://route-tick-" + UUID.randomUUID()), false);
        return serde;
    }

    private static <V> void add(MockProcessorContext<String, RouteUpdate> context, String name, Serde<V> values) {
        KeyValueStore<String, V> store = Stores.keyValueStoreBuilder(
                        Stores.inMemoryKeyValueStore(name), Serdes.String(), values)
                .withLoggingDisabled()
                .withCachingDisabled()
                .build();
        store.init(context.getStateStoreContext(), store);
        context.addStateStore(store);
    }

    private static EndpointLatencySummary summary(String endpointId, LatestLatency l) {
        return EndpointLatencySummary.newBuilder()
                .setEndpointId(endpointId)
                .setWindowStart(Instant.ofEpochMilli(l.windowEnd() - 60_000))
                .setWindowEnd(Instant.ofEpochMilli(l.windowEnd()))
                .setRequestCount(100)
                .setErrorCount(1)
                .setErrorRate(l.errorRate())
                .setP50Ms(l.p99Ms() / 2)
                .setP99Ms(l.p99Ms())
                .build();
    }
}
