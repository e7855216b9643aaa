package dev.gpuarb.connectors.simulator;

import dev.gpuarb.avro.EndpointObservation;
import dev.gpuarb.avro.RequestStatus;
import dev.gpuarb.connectors.core.Emission;
import dev.gpuarb.connectors.core.GpuOffer;
import dev.gpuarb.connectors.core.OffsetLookup;
import dev.gpuarb.connectors.core.PriceItem;
import dev.gpuarb.connectors.core.PriceLimits;
import dev.gpuarb.connectors.core.PriceSource;
import dev.gpuarb.connectors.core.Reconfirmations;
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
 *
 * <p>Prices are sent when they change, and list prices rarely do; once the market follows the wall
 * clock a tick may also be a minute of real time away. So after the ticks of a poll, every listed
 * offer whose price this task has not sent within the heartbeat is sent again as it is (observedAt
 * still the tick that set it), to get a fresh validUntil (wall clock, stamped when the record is
 * built; simulated time never enters it). Those re-sends depend on the wall clock, not on the seed:
 * they carry the offset of the last record of the last tick, so a restart resumes the ticks exactly
 * as before. A delisted marketplace listing is not re-sent, so it expires; a market stopped by
 * {@code simulator.max.ticks} sends nothing more.
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
    /** Simulated time of the tick that set each offer's last price: the observedAt of its re-sends. */
    private final long[] gpuPriceSince;

    private final boolean[] gpuListed;
    private final String[] gpuKeys;
    private final double[] lastTokenPrice;
    private final long[] tokenPriceSince;
    private final String[] tokenKeys;
    private final Reconfirmations reconfirmations;
    private final Map<String, Object> partition;
    private long nextTick;
    private long resumeAfterSeq = -1;
    /** The last tick simulated and the seq of its last record: the offset of re-sends. */
    private long lastTick = -1;

    private long lastTickLastSeq = -1;
    /** Wall-clock time of the poll under way. */
    private long pollMillis;

    private boolean started;

    public SimulatorSource(SimulatorConfig config) {
        this(config, Clock.systemUTC());
    }

    public SimulatorSource(SimulatorConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
        this.reconfirmations = new Reconfirmations(config.heartbeat());
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
        gpuPriceSince = new long[gpus.size()];
        gpuListed = new boolean[gpus.size()];
        lastTokenPrice = new double[tokens.size()];
        tokenPriceSince = new long[tokens.size()];
        // Offer ids do not depend on the price: worked out once, to look up what is due without building records.
        gpuKeys = gpus.stream()
                .map(g -> gpuOffer(g, Double.NaN, Instant.EPOCH).offerId())
                .toArray(String[]::new);
        tokenKeys =
                tokens.stream().map(t -> tokenOffer(t, Instant.EPOCH).offerId()).toArray(String[]::new);
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
        pollMillis = clock.millis();
        List<Emission> out = new ArrayList<>();
        for (int i = 0; i < config.ticksPerPoll() && !finished() && !aheadOfWallClock(nextTick); i++) {
            tick(nextTick, out);
            nextTick++;
            resumeAfterSeq = -1;
        }
        if (lastTick >= 0 && !finished()) {
            reconfirm(out);
        }
        return out;
    }

    /** Sends again each listed offer's unchanged price that is due (see the class comment). */
    private void reconfirm(List<Emission> out) {
        Map<String, Object> offset = Map.of("tick", lastTick, "seq", lastTickLastSeq);
        for (int i = 0; i < gpus.size(); i++) {
            if (gpuListed[i] && !Double.isNaN(lastGpuPrice[i]) && reconfirmations.due(gpuKeys[i], pollMillis)) {
                resend(out, gpuItem(gpus.get(i), lastGpuPrice[i], Instant.ofEpochMilli(gpuPriceSince[i])), offset);
            }
        }
        for (int i = 0; i < tokens.size(); i++) {
            if (!Double.isNaN(lastTokenPrice[i]) && reconfirmations.due(tokenKeys[i], pollMillis)) {
                resend(out, tokenItem(tokens.get(i), Instant.ofEpochMilli(tokenPriceSince[i])), offset);
            }
        }
    }

    private void resend(List<Emission> out, PriceItem item, Map<String, Object> offset) {
        reconfirmations.sent(item.key(), pollMillis);
        out.add(new Emission(item.topic(), item.key(), item.value(), partition, offset));
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
            gpuListed[i] = !Double.isNaN(rounded);
            if (!gpuListed[i] || rounded == lastGpuPrice[i]) {
                continue;
            }
            lastGpuPrice[i] = rounded;
            gpuPriceSince[i] = millis;
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
            tokenPriceSince[i] = millis;
            emit(out, tick, seq++, tokenItem(state, at));
        }
        if (!tokens.isEmpty()) {
            SplittableRandom r = new SplittableRandom(config.seed() * 31 + tick * 1_000_003L + config.shardIndex());
            for (int n = 0; n < config.observationsPerTick(); n++) {
                MarketModel.TokenState state = tokens.get(r.nextInt(tokens.size()));
                EndpointObservation obs = observation(state, r, millis);
                if (out != null && seq > resumeAfterSeq) {
                    out.add(new Emission(
                            Topic.ENDPOINT_OBSERVATIONS,
                            obs.getEndpointId(),
                            obs,
                            partition,
                            Map.of("tick", tick, "seq", (long) seq)));
                }
                seq++;
            }
        }
        lastTick = tick;
        lastTickLastSeq = seq - 1;
    }

    private void emit(List<Emission> out, long tick, int seq, PriceItem item) {
        if (out != null && seq > resumeAfterSeq) {
            reconfirmations.sent(item.key(), pollMillis);
            out.add(new Emission(
                    item.topic(), item.key(), item.value(), partition, Map.of("tick", tick, "seq", (long) seq)));
        }
    }

    private static PriceItem gpuItem(MarketModel.GpuState s, double pricePerHour, Instant at) {
        return gpuOffer(s, pricePerHour, at).toPriceItem(USD, LIMITS).value();
    }

    private static GpuOffer gpuOffer(MarketModel.GpuState s, double pricePerHour, Instant at) {
        MarketModel.GpuOfferSpec spec = s.spec;
        GpuInstance gpus =
                new GpuInstance(GpuModels.byCanonicalName(spec.gpu().model()).orElseThrow(), spec.count());
        return new GpuOffer(
                SOURCE,
                spec.provider().id(),
                spec.region().id(),
                null,
                spec.instanceType(),
                gpus,
                spec.pricingModel(),
                pricePerHour,
                "USD",
                at,
                Map.of());
    }

    private static PriceItem tokenItem(MarketModel.TokenState s, Instant at) {
        return tokenOffer(s, at).toPriceItem(LIMITS).value();
    }

    private static TokenOffer tokenOffer(MarketModel.TokenState s, Instant at) {
        return new TokenOffer(
                SOURCE,
                s.spec.provider().id(),
                s.spec.model().model(),
                null,
                Math.round(s.input * 1e6) / 1e6,
                Math.round(s.output * 1e6) / 1e6,
                null,
                131_072L,
                at,
                List.of());
    }

    private static EndpointObservation observation(MarketModel.TokenState s, SplittableRandom r, long tickMillis) {
        MarketParameters.TokenProvider p = s.spec.provider();
        double latency = MarketModel.latencyMs(p, r);
        double outcome = r.nextDouble();
        RequestStatus status = latency > 30_000
                ? RequestStatus.TIMEOUT
                : outcome < p.errorRate()
                        ? RequestStatus.ERROR
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
