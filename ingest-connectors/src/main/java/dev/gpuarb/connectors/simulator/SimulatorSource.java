package dev.gpuarb.connectors.simulator;

import dev.gpuarb.avro.EndpointObservation;
import dev.gpuarb.avro.RequestStatus;
import dev.gpuarb.connectors.core.Emission;
import dev.gpuarb.connectors.core.GpuOffer;
import dev.gpuarb.connectors.core.OffsetLookup;
import dev.gpuarb.connectors.core.PriceItem;
import dev.gpuarb.connectors.core.PriceLimits;
import dev.gpuarb.connectors.core.PriceSource;
import dev.gpuarb.connectors.core.TokenOffer;
import dev.gpuarb.topics.Topic;
import dev.gpuarb.vocab.CurrencyRates;
import dev.gpuarb.vocab.GpuInstance;
import dev.gpuarb.vocab.GpuModels;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Runs the {@link MarketModel} for one shard of offers and sends price changes and endpoint
 * observations. The offset of each record is {@code {tick, seq}} (its position within the tick);
 * on restart the shard replays ticks up to the committed one without sending, which rebuilds every
 * offer's state and last sent price, then continues after the committed record.
 */
public final class SimulatorSource implements PriceSource {

    public static final String SOURCE = "simulator";
    private static final CurrencyRates USD = CurrencyRates.defaults();
    /** The simulator makes no absurd prices, but its output must pass the same checks as real data. */
    private static final PriceLimits LIMITS = PriceLimits.defaults();

    private final SimulatorConfig config;
    private final Clock clock;
    private final List<MarketModel.GpuState> gpus = new ArrayList<>();
    private final List<MarketModel.TokenState> tokens = new ArrayList<>();
    private final double[] lastGpuPrice;
    private final double[] lastTokenPrice;
    private final Map<String, Object> partition;
    private long nextTick;
    private long resumeAfterSeq = -1;
    private boolean started;

    public SimulatorSource(SimulatorConfig config) {
        this(config, Clock.systemUTC());
    }

    public SimulatorSource(SimulatorConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
        int shard = config.shardIndex();
        int shards = config.shardCount();
        for (MarketModel.GpuOfferSpec spec : MarketModel.gpuOffers(config.seed(), config.gpuOffers())) {
            if (spec.index() % shards == shard) {
                gpus.add(new MarketModel.GpuState(spec, config.seed()));
            }
        }
        for (MarketModel.TokenOfferSpec spec : MarketModel.tokenOffers(config.tokenOffers())) {
            if (spec.index() % shards == shard) {
                tokens.add(new MarketModel.TokenState(spec, config.seed()));
            }
        }
        lastGpuPrice = new double[gpus.size()];
        lastTokenPrice = new double[tokens.size()];
        Arrays.fill(lastGpuPrice, Double.NaN);
        Arrays.fill(lastTokenPrice, Double.NaN);
        partition = Map.of("source", SOURCE, "shard", shard + "/" + shards, "seed", config.seed());
    }

    @Override
    public String sourceId() {
        return SOURCE;
    }

    @Override
    public List<Emission> poll(OffsetLookup offsets) {
        if (!started) {
            resume(offsets);
            started = true;
        }
        List<Emission> out = new ArrayList<>();
        for (int i = 0; i < config.ticksPerPoll() && !finished() && !aheadOfWallClock(nextTick); i++) {
            tick(nextTick, out);
            nextTick++;
            resumeAfterSeq = -1;
        }
        return out;
    }

    /** A tick dated after now waits for the wall clock (when following it). */
    private boolean aheadOfWallClock(long tick) {
        return config.followWallClock() && tickMillis(tick) > clock.millis();
    }

    private long tickMillis(long tick) {
        return config.start().toEpochMilli() + tick * config.tickMillis();
    }

    /** The next tick to simulate (for tests and logs). */
    public long nextTick() {
        return nextTick;
    }

    public boolean finished() {
        return config.maxTicks() > 0 && nextTick >= config.maxTicks();
    }

    private void resume(OffsetLookup offsets) {
        Map<Map<String, Object>, Map<String, Object>> committed = offsets.offsets(List.of(partition));
        Map<String, Object> offset = committed == null ? null : committed.get(partition);
        if (offset == null || !(offset.get("tick") instanceof Number tick)) {
            return;
        }
        for (long t = 0; t < tick.longValue(); t++) {
            tick(t, null);
        }
        nextTick = tick.longValue();
        resumeAfterSeq = ((Number) offset.get("seq")).longValue();
    }

    /** Simulates one tick; collects emissions into {@code out} unless it is null (replay). */
    private void tick(long tick, List<Emission> out) {
        long millis = tickMillis(tick);
        Instant at = Instant.ofEpochMilli(millis);
        int seq = 0;
        for (int i = 0; i < gpus.size(); i++) {
            MarketModel.GpuState state = gpus.get(i);
            double price = MarketModel.step(state, millis);
            double rounded = Double.isNaN(price) ? Double.NaN : Math.round(price * 10_000) / 10_000.0;
            if (Double.isNaN(rounded) || rounded == lastGpuPrice[i]) {
                continue;
            }
            lastGpuPrice[i] = rounded;
            emit(out, tick, seq++, gpuItem(state, rounded, at));
        }
        for (int i = 0; i < tokens.size(); i++) {
            MarketModel.TokenState state = tokens.get(i);
            MarketModel.step(state);
            double key = Math.round(state.input * 1e6) / 1e6 + Math.round(state.output * 1e6) / 1e6 * 1e3;
            if (key == lastTokenPrice[i]) {
                continue;
            }
            lastTokenPrice[i] = key;
            emit(out, tick, seq++, tokenItem(state, at));
        }
        if (!tokens.isEmpty()) {
            SplittableRandom r = new SplittableRandom(config.seed() * 31 + tick * 1_000_003L + config.shardIndex());
            for (int n = 0; n < config.observationsPerTick(); n++) {
                MarketModel.TokenState state = tokens.get(r.nextInt(tokens.size()));
                EndpointObservation obs = observation(state, r, millis);
                if (out != null && seq > resumeAfterSeq) {
                    out.add(new Emission(Topic.ENDPOINT_OBSERVATIONS, obs.getEndpointId(), obs, partition,
                            Map.of("tick", tick, "seq", (long) seq)));
                }
                seq++;
            }
        }
    }

    private void emit(List<Emission> out, long tick, int seq, PriceItem item) {
        if (out != null && seq > resumeAfterSeq) {
            out.add(new Emission(item.topic(), item.key(), item.value(), partition,
                    Map.of("tick", tick, "seq", (long) seq)));
        }
    }

    private static PriceItem gpuItem(MarketModel.GpuState s, double pricePerHour, Instant at) {
        MarketModel.GpuOfferSpec spec = s.spec;
        GpuInstance gpus = new GpuInstance(GpuModels.byCanonicalName(spec.gpu().model()).orElseThrow(), spec.count());
        GpuOffer offer = new GpuOffer(SOURCE, spec.provider().id(), spec.region().id(), null, spec.instanceType(), gpus,
                spec.pricingModel(), pricePerHour, "USD", at, Map.of());
        return offer.toPriceItem(USD, LIMITS).value();
    }

    private static PriceItem tokenItem(MarketModel.TokenState s, Instant at) {
        TokenOffer offer = new TokenOffer(SOURCE, s.spec.provider().id(), s.spec.model().model(), null,
                Math.round(s.input * 1e6) / 1e6, Math.round(s.output * 1e6) / 1e6, null, 131_072L, at, List.of());
        return offer.toPriceItem(LIMITS).value();
    }

    private static EndpointObservation observation(MarketModel.TokenState s, SplittableRandom r, long tickMillis) {
        MarketParameters.TokenProvider p = s.spec.provider();
        double latency = MarketModel.latencyMs(p, r);
        double outcome = r.nextDouble();
        RequestStatus status = latency > 30_000 ? RequestStatus.TIMEOUT
                : outcome < p.errorRate() ? RequestStatus.ERROR
                : outcome < p.errorRate() + p.rateLimitedRate() ? RequestStatus.RATE_LIMITED : RequestStatus.OK;
        String endpointId = String.join("|", p.id(), s.spec.model().model(), "");
        return EndpointObservation.newBuilder()
                .setEndpointId(endpointId)
                .setGatewayId("sim-gw-" + r.nextInt(4))
                .setLatencyMs(latency)
                .setInputTokens(100 + r.nextInt(4000))
                .setOutputTokens(status == RequestStatus.OK ? 20 + r.nextInt(800) : 0)
                .setStatus(status)
                .setAt(Instant.ofEpochMilli(tickMillis + r.nextInt(60_000)))
                .build();
    }
}
