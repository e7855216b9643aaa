package dev.gpuarb.connectors.simulator;

import dev.gpuarb.avro.PricingModel;
import dev.gpuarb.connectors.simulator.MarketParameters.Gpu;
import dev.gpuarb.connectors.simulator.MarketParameters.Kind;
import dev.gpuarb.connectors.simulator.MarketParameters.Provider;
import dev.gpuarb.connectors.simulator.MarketParameters.Region;
import dev.gpuarb.connectors.simulator.MarketParameters.TokenModel;
import dev.gpuarb.connectors.simulator.MarketParameters.TokenProvider;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The simulated market: a deterministic function of (seed, offer index, tick). Each offer owns a
 * random stream seeded from the seed and its index, so an offer's path does not depend on how
 * offers are split across tasks, and replaying ticks 0..n reproduces state n exactly.
 *
 * <p>Per GPU offer and tick (one tick = {@code tickMillis} of simulated time):
 * <ul>
 *   <li>list price = GPU list price x count x provider factor x regional premium; revised rarely
 *       (probability {@link #LIST_REVISION_PROBABILITY} per tick, by -8%..+4%);</li>
 *   <li>spot price = list x spot discount (0.30..0.55 per offer) x diurnal factor x exp(x), where x
 *       is a mean-reverting AR(1) log-deviation (phi {@link #REVERSION}, sigma {@link #VOLATILITY})
 *       with upward spikes (probability {@link #SPIKE_PROBABILITY}, +0.3..+1.2 in log terms) that
 *       decay with the same reversion; capped at the list price;</li>
 *   <li>diurnal factor = 1 + {@link #DIURNAL_AMPLITUDE} x cos(2 pi (local hour - 15) / 24): dearest
 *       mid-afternoon local time, cheapest around 3 am;</li>
 *   <li>marketplace listings churn: each tick a listing is delisted with probability
 *       {@link #DELIST_PROBABILITY} and, while delisted, relisted with probability
 *       {@link #RELIST_PROBABILITY} at a fresh host price (0.8..1.2 x list), so the cheapest
 *       marketplace offer keeps moving.</li>
 * </ul>
 * Token offers: list prices per model x provider factor, cut by 10..30% with a small probability
 * per tick; each provider has a log-normal latency (median, sigma) and error / rate-limit rates
 * from which endpoint observations are drawn.
 */
final class MarketModel {

    static final double LIST_REVISION_PROBABILITY = 1e-5;
    static final double REVERSION = 0.97;
    static final double VOLATILITY = 0.02;
    static final double SPIKE_PROBABILITY = 0.002;
    static final double DIURNAL_AMPLITUDE = 0.12;
    static final double DELIST_PROBABILITY = 0.002;
    static final double RELIST_PROBABILITY = 0.02;
    static final double TOKEN_PRICE_CUT_PROBABILITY = 2e-6;

    /** The fixed description of one GPU offer. */
    record GpuOfferSpec(
            int index,
            Provider provider,
            Region region,
            Gpu gpu,
            int count,
            PricingModel pricingModel,
            String instanceType,
            double spotDiscount) {}

    /** The fixed description of one token offer. */
    record TokenOfferSpec(int index, TokenProvider provider, TokenModel model) {}

    /** Mutable state of a GPU offer. */
    static final class GpuState {
        final GpuOfferSpec spec;
        final SplittableRandom random;
        double listPrice;
        double logDeviation;
        boolean listed = true;
        double hostPrice;

        GpuState(GpuOfferSpec spec, long seed) {
            this.spec = spec;
            this.random = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + spec.index());
            this.listPrice = spec.gpu().usdPerGpuHour()
                    * spec.count()
                    * spec.provider().priceFactor()
                    * spec.region().premium()
                    * (0.97 + 0.06 * random.nextDouble());
            this.hostPrice = listPrice * (0.8 + 0.4 * random.nextDouble());
        }
    }

    /** Mutable state of a token offer. */
    static final class TokenState {
        final TokenOfferSpec spec;
        final SplittableRandom random;
        double input;
        double output;

        TokenState(TokenOfferSpec spec, long seed) {
            this.spec = spec;
            this.random = new SplittableRandom(seed * 0xC2B2AE3D27D4EB4FL + spec.index());
            double factor = spec.provider().priceFactor() * (0.9 + 0.2 * random.nextDouble());
            this.input = spec.model().usdPerMillionInput() * factor;
            this.output = spec.model().usdPerMillionOutput() * factor;
        }
    }

    private MarketModel() {}

    /** The GPU offer universe; offer i is the same for any universe size >= i. */
    static List<GpuOfferSpec> gpuOffers(long seed, int size) {
        List<GpuOfferSpec> offers = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            SplittableRandom r = new SplittableRandom(seed ^ (0x5DEECE66DL * (i + 1)));
            Provider provider = MarketParameters.GPU_PROVIDERS.get(r.nextInt(MarketParameters.GPU_PROVIDERS.size()));
            Region region = MarketParameters.REGIONS.get(
                    provider.regions().get(r.nextInt(provider.regions().size())));
            Gpu gpu = MarketParameters.GPUS.get(r.nextInt(MarketParameters.GPUS.size()));
            int count = MarketParameters.GPU_COUNTS[r.nextInt(MarketParameters.GPU_COUNTS.length)];
            PricingModel model = provider.kind() == Kind.MARKETPLACE
                    ? PricingModel.MARKETPLACE
                    : (r.nextBoolean() ? PricingModel.ON_DEMAND : PricingModel.SPOT);
            // The index in the name keeps offer ids unique however large the universe is.
            String instanceType = gpu.instanceStem() + "-" + count + "x." + i;
            offers.add(new GpuOfferSpec(
                    i, provider, region, gpu, count, model, instanceType, 0.30 + 0.25 * r.nextDouble()));
        }
        return offers;
    }

    static List<TokenOfferSpec> tokenOffers(int size) {
        List<TokenOfferSpec> offers = new ArrayList<>(size);
        int providers = MarketParameters.TOKEN_PROVIDERS.size();
        int models = MarketParameters.TOKEN_MODELS.size();
        for (int i = 0; i < size; i++) {
            offers.add(new TokenOfferSpec(
                    i,
                    MarketParameters.TOKEN_PROVIDERS.get(i % providers),
                    MarketParameters.TOKEN_MODELS.get((i / providers) % models)));
        }
        return offers;
    }

    /**
     * Advances a GPU offer by one tick and returns its price per hour at {@code epochMillis}, or
     * NaN while a marketplace listing is delisted.
     */
    static double step(GpuState s, long epochMillis) {
        SplittableRandom r = s.random;
        if (r.nextDouble() < LIST_REVISION_PROBABILITY) {
            s.listPrice *= 0.92 + 0.12 * r.nextDouble();
        }
        double shock = gaussian(r);
        double spike = r.nextDouble() < SPIKE_PROBABILITY ? 0.3 + 0.9 * r.nextDouble() : 0.0;
        s.logDeviation = REVERSION * s.logDeviation + VOLATILITY * shock + spike;
        double churn = r.nextDouble();
        double relistDraw = r.nextDouble();
        switch (s.spec.pricingModel()) {
            case ON_DEMAND:
                return s.listPrice;
            case SPOT: {
                double spot = s.listPrice
                        * s.spec.spotDiscount()
                        * diurnal(epochMillis, s.spec.region())
                        * Math.exp(s.logDeviation);
                return Math.min(spot, s.listPrice);
            }
            default: {
                if (s.listed && churn < DELIST_PROBABILITY) {
                    s.listed = false;
                } else if (!s.listed && churn < RELIST_PROBABILITY) {
                    s.listed = true;
                    s.hostPrice = s.listPrice * (0.8 + 0.4 * relistDraw);
                }
                return s.listed ? s.hostPrice * diurnal(epochMillis, s.spec.region()) : Double.NaN;
            }
        }
    }

    /** Advances a token offer by one tick (rare price cuts). */
    static void step(TokenState s) {
        if (s.random.nextDouble() < TOKEN_PRICE_CUT_PROBABILITY) {
            double cut = 0.7 + 0.2 * s.random.nextDouble();
            s.input *= cut;
            s.output *= cut;
        }
    }

    static double diurnal(long epochMillis, Region region) {
        double utcHours = (epochMillis / 3_600_000.0) % 24.0;
        double localHour = (utcHours + region.utcOffsetHours() + 24.0) % 24.0;
        return 1.0 + DIURNAL_AMPLITUDE * Math.cos(2 * Math.PI * (localHour - 15.0) / 24.0);
    }

    /** One latency sample from the provider's log-normal distribution. */
    static double latencyMs(TokenProvider p, SplittableRandom r) {
        return p.medianLatencyMs() * Math.exp(p.latencySigma() * gaussian(r));
    }

    /** Box-Muller; SplittableRandom has no nextGaussian on Java 17. */
    static double gaussian(SplittableRandom r) {
        double u1 = 1.0 - r.nextDouble();
        double u2 = r.nextDouble();
        return Math.sqrt(-2.0 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    }
}
