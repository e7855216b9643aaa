package dev.gpuarb.streams.routing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gpuarb.avro.EndpointLatencySummary;
import dev.gpuarb.avro.PricingModel;
import dev.gpuarb.avro.RoutePolicy;
import dev.gpuarb.avro.RouteUpdate;
import dev.gpuarb.avro.SelfHostPolicy;
import dev.gpuarb.avro.WorkloadKind;
import dev.gpuarb.serde.AvroSerde;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.UUID;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The indexed route engine against the engine it replaced ({@link ReferenceRouteEngine}, which
 * evaluates every offer on every input): random sequences of prices, latencies and policy changes
 * must give the same route updates, one input at a time. Prices come from a small set so that ties
 * (ordered by offer id) are common; offers change product, arrive out of order, and policies come
 * and go. The indexed engine runs on RocksDB stores, as in the application.
 */
class RouteEngineEquivalenceTest {

    private static final int SEQUENCES = Integer.getInteger("ROUTE_EQ_SEQUENCES", 60);
    private static final int STEPS = 400;
    private static final int MAX_ALTERNATIVES = 2;

    private static final String[] PROVIDERS = {"aws", "gcp", "azure", "lambda"};
    private static final String[] REGIONS = {"us-east-1", "eu-west-1", "ap-south-1"};
    private static final String[] GPU_MODELS = {"H100-80GB", "A100-80GB", "L4"};
    private static final String[] TOKEN_MODELS = {"llama-3-70b", "qwen-2-72b"};
    private static final String[] SELF_HOSTED_MODELS = {"llama-3.1-8b-instruct", "llama-3.1-70b-instruct"};
    private static final String[] TAGS = {"soc2", "hipaa", "gdpr"};
    private static final double[] PRICES = {0.0, 1.0, 1.5, 2.0, 2.0, 2.5, 3.0, 4.0};
    private static final String[] ROUTES = {"r-a", "r-b", "r-c", "r-a|x", "ra"};
    /** Offers expire within the sequences; latency never goes stale and gone offers are kept (both tested apart). */
    private static final LivenessRules LIVENESS =
            new LivenessRules(Duration.ofSeconds(1), Duration.ZERO, Duration.ofDays(3650));

    @TempDir
    Path stateDirs;

    @Test
    void theIndexedEngineDecidesAsTheFullScanDid() {
        int selfHostedChoices = 0;
        for (int seed = 0; seed < SEQUENCES; seed++) {
            Random random = new Random(seed);
            Engine reference =
                    new Engine(new ReferenceRouteEngine(new RouteSelector(MAX_ALTERNATIVES)), stores("ref", false));
            // As production runs it: every decision asks for a commit, an input that decides nothing does not.
            Engine indexed = new Engine(
                    new RouteEngineProcessor(new RouteSelector(MAX_ALTERNATIVES), LIVENESS, true), stores("idx", true));
            Scenario scenario = new Scenario(random);
            for (int step = 0; step < STEPS; step++) {
                Input input = scenario.next();
                List<KeyValue<String, RouteUpdate>> decided = indexed.process(input);
                assertThat(decided)
                        .as("seed %d, step %d: %s", seed, step, input)
                        .isEqualTo(reference.process(input));
                assertThat(indexed.commitRequested())
                        .as("seed %d, step %d: commit requested iff something was decided", seed, step)
                        .isEqualTo(!decided.isEmpty());
                selfHostedChoices += (int) decided.stream()
                        .filter(kv -> kv.value != null
                                && kv.value.getChosen() != null
                                && kv.value.getChosen().getSelfHost() != null)
                        .count();
            }
            assertThat(indexed.decisions()).as("seed %d: final routes", seed).isEqualTo(reference.decisions());
            reference.close();
            indexed.close();
        }
        assertThat(selfHostedChoices)
                .as("decisions that chose a self-hosted GPU offer")
                .isGreaterThan(SEQUENCES / 4);
    }

    @Test
    void stateFromBeforeTheIndexIsIndexedOnFirstUseAndDecidesTheSame() {
        for (int seed = 1000; seed < 1000 + SEQUENCES / 4; seed++) {
            Random random = new Random(seed);
            Engine reference =
                    new Engine(new ReferenceRouteEngine(new RouteSelector(MAX_ALTERNATIVES)), stores("ref", false));
            // The upgraded engine's stores were written by the old engine for the first half of the sequence.
            MockProcessorContext<String, RouteUpdate> upgradedStores = stores("upg", true);
            Engine old = new Engine(new ReferenceRouteEngine(new RouteSelector(MAX_ALTERNATIVES)), upgradedStores);
            Scenario scenario = new Scenario(random);
            for (int step = 0; step < STEPS / 2; step++) {
                Input input = scenario.next();
                assertThat(old.process(input)).isEqualTo(reference.process(input));
            }
            assertThat(count(upgradedStores.getStateStore(RouteStores.INDEXED))).isZero();
            Engine upgraded =
                    new Engine(new RouteEngineProcessor(new RouteSelector(MAX_ALTERNATIVES), LIVENESS), upgradedStores);
            for (int step = STEPS / 2; step < STEPS; step++) {
                Input input = scenario.next();
                assertThat(upgraded.process(input))
                        .as("seed %d, step %d after the upgrade: %s", seed, step, input)
                        .isEqualTo(reference.process(input));
            }
            reference.close();
            upgraded.close();
        }
    }

    @Test
    void anEngineStartedOnRestoredStoresRanksFromThemAndDecidesTheSame() {
        for (int seed = 2000; seed < 2000 + SEQUENCES / 4; seed++) {
            Random random = new Random(seed);
            Engine reference =
                    new Engine(new ReferenceRouteEngine(new RouteSelector(MAX_ALTERNATIVES)), stores("ref", false));
            MockProcessorContext<String, RouteUpdate> restored = stores("rst", true);
            Engine before =
                    new Engine(new RouteEngineProcessor(new RouteSelector(MAX_ALTERNATIVES), LIVENESS), restored);
            Scenario scenario = new Scenario(random);
            for (int step = 0; step < STEPS; step++) {
                // Every 50 inputs the engine starts over on the same stores, as after a task restore:
                // its in-memory ranking must come back from the stores alone.
                Engine engine = step % 50 == 49
                        ? new Engine(new RouteEngineProcessor(new RouteSelector(MAX_ALTERNATIVES), LIVENESS), restored)
                        : before;
                before = engine;
                Input input = scenario.next();
                assertThat(engine.process(input))
                        .as("seed %d, step %d: %s", seed, step, input)
                        .isEqualTo(reference.process(input));
            }
            reference.close();
            before.close();
        }
    }

    /**
     * The engine on several partitions (the production partitioners and policy homes deliver each input
     * to the engines that need it; every engine is punctuated by the wall clock before each input, as
     * Streams does) decides as one engine does, given the rule that a route whose policy names another
     * product starts afresh: the reference is told so when the test's own notion of a route's product
     * changes. Refusals are mixed in, so a refused route's home is exercised too.
     */
    @Test
    void thePartitionedEngineDecidesAsOneEngine() {
        for (int partitions : new int[] {3, 5}) {
            for (int seed = 3000; seed < 3000 + SEQUENCES / 2; seed++) {
                Random random = new Random(seed);
                Engine reference =
                        new Engine(new ReferenceRouteEngine(new RouteSelector(MAX_ALTERNATIVES)), stores("ref", false));
                PartitionedEngine partitioned = new PartitionedEngine(partitions);
                Map<String, String> homes = new java.util.HashMap<>();
                Scenario scenario = new Scenario(random);
                for (int step = 0; step < STEPS; step++) {
                    Input input = scenario.next();
                    if (input.value() instanceof RouteInput.PolicyChanged p
                            && p.policy() != null
                            && random.nextInt(10) == 0) {
                        input = new Input(
                                input.key(),
                                new RouteInput.PolicyRefused(p.routeId(), "refused for the test"),
                                input.timestamp(),
                                input.wallClock());
                    }
                    List<KeyValue<String, RouteUpdate>> expected = new ArrayList<>();
                    if (input.value() instanceof RouteInput.PolicyChanged p && p.policy() != null) {
                        String home = productOf(p.policy());
                        String before = homes.put(p.routeId(), home);
                        if (before != null && !before.equals(home)) {
                            expected.addAll(reference.process(new Input(
                                    p.routeId(),
                                    new RouteInput.RouteMoved(p.routeId()),
                                    input.timestamp(),
                                    input.wallClock())));
                        }
                    } else if (input.value() instanceof RouteInput.PolicyChanged p) {
                        homes.remove(p.routeId());
                    } else if (input.value() instanceof RouteInput.PolicyRefused r) {
                        homes.putIfAbsent(r.routeId(), "refused before any policy");
                    }
                    expected.addAll(reference.process(input));
                    assertThat(sorted(partitioned.process(input)))
                            .as("%d partitions, seed %d, step %d: %s", partitions, seed, step, input)
                            .isEqualTo(sorted(expected));
                }
                assertThat(partitioned.decisions())
                        .as("%d partitions, seed %d: final routes", partitions, seed)
                        .isEqualTo(reference.decisions());
                reference.close();
                partitioned.close();
            }
        }
    }

    /**
     * The test's own notion of a policy's product: GPU model or token model, lower case; any GPU apart,
     * which is also what a self-hosting token route can use.
     */
    private static String productOf(RoutePolicy policy) {
        if ((policy.getKind() == WorkloadKind.GPU_HOURS && policy.getGpuModel() == null)
                || policy.getSelfHost() != null) {
            return "any gpu";
        }
        String name = policy.getKind() == WorkloadKind.TOKENS ? policy.getModel() : policy.getGpuModel();
        return policy.getKind() + " " + (name == null ? null : name.toLowerCase(java.util.Locale.ROOT));
    }

    private static List<String> sorted(List<KeyValue<String, RouteUpdate>> updates) {
        return updates.stream().map(kv -> kv.key + " -> " + kv.value).sorted().toList();
    }

    /**
     * Route engines on their own partitions, fed as the topology feeds them: offers by
     * {@link RoutePartitioners#offers()} (with the previous home, and older prices dropped, as
     * {@link LatestOfferProcessor} does), latency to all, policies through {@link RouteHomeProcessor}.
     */
    private final class PartitionedEngine {
        private final int partitions;
        private final List<Engine> engines = new ArrayList<>();
        private final RouteHomeProcessor homes = new RouteHomeProcessor();
        private final MockProcessorContext<String, RouteCommand> homesContext;
        /** offerId -> observedAt and home of its latest price. */
        private final Map<String, Map.Entry<Long, String>> offerHomes = new java.util.HashMap<>();

        PartitionedEngine(int partitions) {
            this.partitions = partitions;
            for (int p = 0; p < partitions; p++) {
                engines.add(new Engine(
                        new RouteEngineProcessor(new RouteSelector(MAX_ALTERNATIVES), LIVENESS),
                        stores("part" + p, true, p)));
            }
            Properties config = new Properties();
            config.put(StreamsConfig.APPLICATION_ID_CONFIG, "route-homes");
            config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:9");
            homesContext = new MockProcessorContext<>(config);
            KeyValueStore<String, String> store = Stores.keyValueStoreBuilder(
                            Stores.inMemoryKeyValueStore(RouteHomeProcessor.STORE), Serdes.String(), Serdes.String())
                    .withLoggingDisabled()
                    .build();
            store.init(homesContext.getStateStoreContext(), store);
            homesContext.addStateStore(store);
            homes.init(homesContext);
        }

        List<KeyValue<String, RouteUpdate>> process(Input input) {
            List<KeyValue<String, RouteUpdate>> out = new ArrayList<>();
            for (Engine engine : engines) {
                out.addAll(engine.punctuate(input.wallClock()));
            }
            if (input.value() instanceof RouteInput.OfferChanged changed) {
                OfferSnapshot offer = changed.offer();
                Map.Entry<Long, String> latest = offerHomes.get(offer.offerId());
                if (latest != null && latest.getKey() > offer.observedAt()) {
                    return out;
                }
                String home = RouteHomes.of(offer);
                offerHomes.put(offer.offerId(), Map.entry(offer.observedAt(), home));
                String previous = latest == null || latest.getValue().equals(home) ? null : latest.getValue();
                for (int p : RoutePartitioners.offers()
                        .partitions("t", offer.offerId(), new RoutedOffer(offer, previous), partitions)
                        .orElseThrow()) {
                    out.addAll(engines.get(p).process(input));
                }
            } else if (input.value() instanceof RouteInput.LatencyChanged) {
                for (Engine engine : engines) {
                    out.addAll(engine.process(input));
                }
            } else {
                homesContext.resetForwards();
                homes.process(new Record<>(input.key(), input.value(), input.timestamp()));
                for (var forward : homesContext.forwarded()) {
                    RouteCommand command = forward.record().value();
                    for (int p : RoutePartitioners.commands()
                            .partitions("t", forward.record().key(), command, partitions)
                            .orElseThrow()) {
                        out.addAll(engines.get(p)
                                .process(
                                        new Input(input.key(), command.input(), input.timestamp(), input.wallClock())));
                    }
                }
            }
            return out;
        }

        Map<String, RouteUpdate> decisions() {
            Map<String, RouteUpdate> all = new java.util.TreeMap<>();
            for (Engine engine : engines) {
                engine.decisions()
                        .forEach((route, update) -> assertThat(all.put(route, update))
                                .as("route %s decided in two partitions", route)
                                .isNull());
            }
            return all;
        }

        void close() {
            engines.forEach(Engine::close);
        }
    }

    @Test
    void theRankingOrdersAsDoublesCompareThenByOfferId() {
        double[] prices = {
            -3.5,
            -0.0,
            0.0,
            Double.MIN_VALUE,
            1e-9,
            0.5,
            1.0,
            2.0,
            2.0000001,
            1e12,
            Double.MAX_VALUE,
            Double.POSITIVE_INFINITY
        };
        for (double a : prices) {
            for (double b : prices) {
                assertThat(Integer.signum(new Candidacy.Ranked(a, "z").compareTo(new Candidacy.Ranked(b, "a"))))
                        .as("%s vs %s", a, b)
                        .isEqualTo(a == b && Double.compare(a, b) == 0 ? 1 : Integer.signum(Double.compare(a, b)));
            }
        }
    }

    @Test
    void noRouteIdsKeysStartWithAnotherRoutesPrefix() {
        String[] ids = {"a", "a|", "a|b", "ab", "1:a", "", "12", "1"};
        for (String a : ids) {
            for (String b : ids) {
                if (!a.equals(b)) {
                    assertThat(RouteIndex.candidateKey(a, "offer-1"))
                            .as("%s vs %s", a, b)
                            .doesNotStartWith(RouteIndex.prefix(b));
                }
            }
        }
    }

    private static int count(KeyValueStore<String, String> store) {
        int n = 0;
        try (KeyValueIterator<String, String> it = store.all()) {
            while (it.hasNext()) {
                it.next();
                n++;
            }
        }
        return n;
    }

    /** One input of the engine, its record timestamp and the wall clock when it is processed. */
    private record Input(String key, RouteInput value, long timestamp, long wallClock) {}

    /** Random inputs over a small universe: few offers, products, routes and prices, so that they interact. */
    private static final class Scenario {
        private final Random random;
        private final List<String> offerIds = new ArrayList<>();
        private final List<String> tokenOfferIds = new ArrayList<>();
        private long now = Instant.parse("2026-01-01T00:00:00Z").toEpochMilli();

        Scenario(Random random) {
            this.random = random;
            for (int i = 0; i < 24; i++) {
                offerIds.add(pick(PROVIDERS) + "|" + pick(REGIONS) + "|gpu-" + i);
            }
            for (int i = 0; i < 8; i++) {
                tokenOfferIds.add(pick(PROVIDERS) + "|" + pick(REGIONS) + "|tok-" + i);
            }
        }

        Input next() {
            now += random.nextInt(4) == 0 ? 0 : random.nextInt(120_000);
            // Now and then an input from the past: older prices and latencies must be ignored as before.
            long at = random.nextInt(10) == 0 ? now - random.nextInt(600_000) : now;
            int what = random.nextInt(100);
            if (what < 55) {
                OfferSnapshot offer = random.nextInt(4) == 0 ? tokenOffer(at) : gpuOffer(at);
                return new Input(offer.offerId(), new RouteInput.OfferChanged(offer), at, now);
            }
            if (what < 80) {
                String endpoint = random.nextInt(4) == 0 ? pick(tokenOfferIds) : pick(offerIds);
                EndpointLatencySummary s = EndpointLatencySummary.newBuilder()
                        .setEndpointId(endpoint)
                        .setWindowStart(Instant.ofEpochMilli(at - 60_000))
                        .setWindowEnd(Instant.ofEpochMilli(at))
                        .setRequestCount(10)
                        .setErrorCount(0)
                        .setErrorRate(0)
                        .setP50Ms(50)
                        .setP99Ms(50 + random.nextInt(8) * 50)
                        .build();
                return new Input(endpoint, new RouteInput.LatencyChanged(s), at, now);
            }
            String routeId = pick(ROUTES);
            RoutePolicy policy = random.nextInt(8) == 0 ? null : policy(routeId, at);
            return new Input(routeId, new RouteInput.PolicyChanged(routeId, policy), at, now);
        }

        private OfferSnapshot gpuOffer(long at) {
            String id = pick(offerIds);
            // The GPU model follows the id, except now and then, so that an offer can leave or join a product.
            int modelIndex = Math.abs(id.hashCode() + (random.nextInt(12) == 0 ? 1 : 0)) % GPU_MODELS.length;
            String model = GPU_MODELS[modelIndex];
            int memory = model.equals("L4") ? 24 : 80;
            String[] parts = id.split("\\|");
            return new OfferSnapshot(
                    id,
                    WorkloadKind.GPU_HOURS.name(),
                    parts[0],
                    parts[1],
                    null,
                    parts[2],
                    model,
                    memory,
                    random.nextBoolean() ? 1 : 8,
                    pick(PricingModel.values()).name(),
                    pick(PRICES),
                    0,
                    0,
                    tags(),
                    at,
                    validUntil(at),
                    status(),
                    reliability());
        }

        private OfferSnapshot tokenOffer(long at) {
            String id = pick(tokenOfferIds);
            String[] parts = id.split("\\|");
            return new OfferSnapshot(
                    id,
                    WorkloadKind.TOKENS.name(),
                    parts[0],
                    parts[1],
                    null,
                    TOKEN_MODELS[Math.abs(id.hashCode()) % TOKEN_MODELS.length],
                    null,
                    0,
                    0,
                    null,
                    0,
                    pick(PRICES),
                    pick(PRICES),
                    tags(),
                    at,
                    validUntil(at),
                    status());
        }

        private RoutePolicy policy(String routeId, long at) {
            boolean tokens = random.nextInt(4) == 0;
            RoutePolicy.Builder b = RoutePolicy.newBuilder()
                    .setRouteId(routeId)
                    .setKind(tokens ? WorkloadKind.TOKENS : WorkloadKind.GPU_HOURS)
                    .setUpdatedAt(Instant.ofEpochMilli(at))
                    .setHysteresisPct(pick(new double[] {0, 5, 30}))
                    .setMinDwellMs(pick(new long[] {0, 0, 300_000}));
            if (tokens) {
                b.setModel(anyCase(pick(TOKEN_MODELS))).setInputOutputRatio(pick(new double[] {1, 3}));
                if (random.nextBoolean()) {
                    b.setSelfHost(selfHost());
                }
            } else {
                b.setGpuModel(random.nextInt(4) == 0 ? null : anyCase(pick(GPU_MODELS)));
                if (random.nextBoolean()) {
                    b.setMinGpuMemoryGb(pick(new Integer[] {24, 80}));
                }
                if (random.nextInt(3) == 0) {
                    b.setMinGpuCount(8);
                }
                if (random.nextInt(3) == 0) {
                    b.setPricingModels(List.of(pick(PricingModel.values()), pick(PricingModel.values())));
                }
            }
            if (random.nextInt(3) == 0) {
                b.setAllowedRegions(List.of(pick(REGIONS), pick(REGIONS)));
            }
            if (random.nextInt(4) == 0) {
                b.setAllowedProviders(List.of(pick(PROVIDERS), pick(PROVIDERS)));
            }
            if (random.nextInt(4) == 0) {
                b.setExcludedProviders(List.of(pick(PROVIDERS)));
            }
            if (random.nextInt(4) == 0) {
                b.setRequiredTags(List.of(pick(TAGS)));
            }
            if (random.nextInt(3) == 0) {
                b.setMaxPrice(pick(new double[] {1.0, 2.0, 3.0}));
            }
            if (random.nextInt(4) == 0) {
                b.setMinReliability(pick(new Double[] {0.9, 0.95, 0.99}));
            }
            if (random.nextInt(3) == 0) {
                b.setMaxP99LatencyMs(pick(new double[] {100, 200}));
            }
            if (random.nextInt(5) == 0) {
                b.setRequireMeasuredLatency(true);
            }
            return b.build();
        }

        /**
         * Self-hosting on every GPU offer, at loads where the small model fits some instances and not others
         * (the 70B one needs 2 or more of the 80 GB GPUs) and speed minimums that exclude some.
         */
        private SelfHostPolicy selfHost() {
            SelfHostPolicy.Builder b = SelfHostPolicy.newBuilder()
                    .setModel(pick(SELF_HOSTED_MODELS))
                    .setConcurrency(pick(new Integer[] {1, 16, 256}))
                    .setContextTokens(pick(new Integer[] {1024, 8192}))
                    .setMinOutputTokensPerSecond(pick(new Double[] {null, 20.0, 60.0}));
            if (random.nextInt(3) == 0) {
                b.setPricingModels(List.of(pick(PricingModel.values())));
            }
            return b.build();
        }

        /** A third of the prices never expire; the others hold 1 to 15 minutes, so some expire mid-sequence. */
        private Long validUntil(long at) {
            return random.nextInt(3) == 0 ? null : at + 60_000 + random.nextInt(840_000);
        }

        /** A third of the GPU offers are unscored (clouds); the others score around the policies' minimums. */
        private Double reliability() {
            return random.nextInt(3) == 0 ? null : pick(new Double[] {0.85, 0.9, 0.95, 0.99, 1.0});
        }

        private OfferSnapshot.Status status() {
            return random.nextInt(10) == 0 ? OfferSnapshot.Status.WITHDRAWN : OfferSnapshot.Status.LIVE;
        }

        /** Products match case-insensitively: policies sometimes name them in another case than offers do. */
        private String anyCase(String name) {
            int c = random.nextInt(4);
            return c == 0
                    ? name.toLowerCase(java.util.Locale.ROOT)
                    : c == 1 ? name.toUpperCase(java.util.Locale.ROOT) : name;
        }

        private List<String> tags() {
            List<String> tags = new ArrayList<>();
            for (String t : TAGS) {
                if (random.nextBoolean()) {
                    tags.add(t);
                }
            }
            return tags;
        }

        private String pick(String[] values) {
            return values[random.nextInt(values.length)];
        }

        private String pick(List<String> values) {
            return values.get(random.nextInt(values.size()));
        }

        private <T> T pick(T[] values) {
            return values[random.nextInt(values.length)];
        }

        private double pick(double[] values) {
            return values[random.nextInt(values.length)];
        }

        private long pick(long[] values) {
            return values[random.nextInt(values.length)];
        }
    }

    /** A route engine on its own stores; returns what each input made it forward. */
    private static final class Engine {
        private final Processor<String, RouteInput, String, RouteUpdate> processor;
        private final MockProcessorContext<String, RouteUpdate> context;

        Engine(
                Processor<String, RouteInput, String, RouteUpdate> processor,
                MockProcessorContext<String, RouteUpdate> context) {
            this.processor = processor;
            this.context = context;
            processor.init(context);
        }

        /** Runs the wall-clock punctuation as Streams would between inputs; returns what it forwarded. */
        List<KeyValue<String, RouteUpdate>> punctuate(long wallClock) {
            context.resetForwards();
            context.setCurrentSystemTimeMs(wallClock);
            context.scheduledPunctuators().forEach(p -> p.getPunctuator().punctuate(wallClock));
            return context.forwarded().stream()
                    .map(f -> KeyValue.pair(f.record().key(), f.record().value()))
                    .toList();
        }

        List<KeyValue<String, RouteUpdate>> process(Input input) {
            context.resetForwards();
            context.resetCommit();
            context.setCurrentSystemTimeMs(input.wallClock());
            processor.process(new Record<>(input.key(), input.value(), input.timestamp()));
            return context.forwarded().stream()
                    .map(f -> KeyValue.pair(f.record().key(), f.record().value()))
                    .toList();
        }

        /** Whether the last input asked Kafka Streams to commit. */
        boolean commitRequested() {
            return context.committed();
        }

        Map<String, RouteUpdate> decisions() {
            Map<String, RouteUpdate> all = new java.util.TreeMap<>();
            KeyValueStore<String, RouteUpdate> store = context.getStateStore(RouteStores.DECISIONS);
            try (KeyValueIterator<String, RouteUpdate> it = store.all()) {
                it.forEachRemaining(kv -> all.put(kv.key, kv.value));
            }
            return all;
        }

        void close() {
            for (String name : RouteStores.valueSerdes(null, null).keySet()) {
                context.getStateStore(name).close();
            }
        }
    }

    private MockProcessorContext<String, RouteUpdate> stores(String name, boolean persistent) {
        return stores(name, persistent, 0);
    }

    private MockProcessorContext<String, RouteUpdate> stores(String name, boolean persistent, int partition) {
        Properties config = new Properties();
        config.put(StreamsConfig.APPLICATION_ID_CONFIG, "route-eq-" + name);
        config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:9");
        MockProcessorContext<String, RouteUpdate> context = new MockProcessorContext<>(
                config,
                new TaskId(0, partition),
                stateDirs.resolve(name + "-" + UUID.randomUUID()).toFile());
        RouteStores.valueSerdes(avro(RoutePolicy.class), avro(RouteUpdate.class))
                .forEach((store, values) -> add(context, store, values, persistent));
        return context;
    }

    // A registry per store: every store of a mock context writes to the same "changelog" subject.
    private static <T extends org.apache.avro.specific.SpecificRecord> Serde<T> avro(Class<T> type) {
        AvroSerde<T> serde = AvroSerde.specific(type);
        serde.configure(Map.of("schema.registry.url", "mock://route-eq-" + UUID.randomUUID()), false);
        return serde;
    }

    private static <V> void add(
            MockProcessorContext<String, RouteUpdate> context, String name, Serde<V> values, boolean persistent) {
        KeyValueStore<String, V> store = Stores.keyValueStoreBuilder(
                        persistent ? Stores.persistentKeyValueStore(name) : Stores.inMemoryKeyValueStore(name),
                        Serdes.String(),
                        values)
                .withLoggingDisabled()
                .withCachingDisabled()
                .build();
        store.init(context.getStateStoreContext(), store);
        context.addStateStore(store);
    }
}
