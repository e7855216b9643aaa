package dev.gpuarb.streams.routing;

import dev.gpuarb.avro.RoutePolicy;
import dev.gpuarb.avro.SelfHostEstimate;
import dev.gpuarb.avro.SelfHostPolicy;
import dev.gpuarb.avro.WorkloadKind;
import dev.gpuarb.policy.SelfHostPlan;
import dev.gpuarb.throughput.Deployment;
import dev.gpuarb.throughput.InstanceThroughput;
import dev.gpuarb.throughput.ThroughputModel;
import dev.gpuarb.throughput.ThroughputOverrides;
import dev.gpuarb.throughput.TokenPrices;
import dev.gpuarb.vocab.GpuDatasheets;
import dev.gpuarb.vocab.GpuModels;
import dev.gpuarb.vocab.GpuSpec;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * GPU offers as candidates of a TOKENS route that allows self-hosting: whether an offer's instance can
 * serve the route's model at its concurrency and context, and what a million tokens cost on it, blended
 * at the route's input:output mix like an API price.
 *
 * <p>Blend: one output token and {@code r} prompt tokens take {@code 1/decode + r/prefill} seconds of the
 * instance (prefill and decode take turns on the same GPUs), so the instance yields {@code (1 + r)} tokens in
 * that time, and USD per million tokens is the instance's hourly price over its tokens per hour. The same
 * rule as the ClickHouse view {@code econ_selfhost_offers}.
 *
 * <p>Throughput depends only on the plan and the instance's GPU model and count, never on the price, so it
 * is computed once per such triple and kept (a price tick then costs a map lookup). Both caches are cleared
 * when they grow past a bound, so a stream of ever-new policies cannot grow them without limit.
 *
 * <p>The model is held statically because the selection rules that use it ({@link RouteSelector}) are
 * pure static functions shared by the route engine, its index and the tests; the application sets it
 * once at start ({@link #use}), before any route is decided.
 */
public final class SelfHosting {

    static final String NO_THROUGHPUT = "without a throughput figure for its GPU";
    static final String CANNOT_HOLD = "unable to hold the model at the route's concurrency and context";
    static final String TOO_SLOW = "slower per sequence than the route's minimum output tokens/s";
    static final String PRICING_MODEL = "with a pricing model not allowed for self-hosting";

    private static volatile ThroughputModel model = new ThroughputModel();
    private static final int MAX_CACHED = 10_000;
    private static final Map<PlanKey, Optional<SelfHostPlan>> PLANS = new ConcurrentHashMap<>();
    private static final Map<ServingKey, Served> SERVED = new ConcurrentHashMap<>();

    private SelfHosting() {}

    /**
     * Prices self-hosting with these measurements in place of the model's decode estimates (the
     * calibrated model alone when none); forgets every throughput computed before.
     */
    public static void use(ThroughputOverrides overrides) {
        model = new ThroughputModel(overrides);
        SERVED.clear();
    }

    /** Whether the offer is a GPU offer the policy may self-host on (before any filter). */
    static boolean isCandidate(RoutePolicy policy, OfferSnapshot offer) {
        return policy.getKind() == WorkloadKind.TOKENS
                && policy.getSelfHost() != null
                && offer.workloadKind() == WorkloadKind.GPU_HOURS;
    }

    /**
     * How the offer's instance serves the policy's plan: its throughput, or why it cannot. A policy whose
     * plan cannot be resolved (refused on arrival, so only state from before a rule existed) serves nowhere.
     */
    static Served serve(RoutePolicy policy, OfferSnapshot offer) {
        Optional<SelfHostPlan> plan = plan(policy);
        if (plan.isEmpty()) {
            return Served.cannot(CANNOT_HOLD);
        }
        ServingKey key = new ServingKey(plan.get(), offer.gpuModel(), offer.gpuCount());
        Served served = SERVED.get(key);
        if (served == null) {
            served = compute(key);
            if (SERVED.size() >= MAX_CACHED) {
                SERVED.clear();
            }
            SERVED.put(key, served);
        }
        return served;
    }

    /** Why the offer cannot serve the policy's model, or empty when it can. */
    static Optional<String> whyNot(RoutePolicy policy, OfferSnapshot offer) {
        SelfHostPolicy self = policy.getSelfHost();
        if (!self.getPricingModels().isEmpty()
                && (offer.pricingModel() == null
                        || self.getPricingModels().stream()
                                .noneMatch(m -> m.name().equals(offer.pricingModel())))) {
            return Optional.of(PRICING_MODEL);
        }
        return Optional.ofNullable(serve(policy, offer).whyNot());
    }

    /** USD per million tokens on the offer's instance, blended at the policy's mix; infinite when it cannot serve. */
    static double usdPerMillionTokens(RoutePolicy policy, OfferSnapshot offer) {
        Served served = serve(policy, offer);
        if (served.whyNot() != null) {
            return Double.POSITIVE_INFINITY;
        }
        return TokenPrices.usdPerMillionTokens(
                instancePerHour(offer), blendedTokensPerSecond(served.throughput(), policy.getInputOutputRatio()));
    }

    /** The figures behind a self-hosted candidate's price, for the route update; null when it cannot serve. */
    static SelfHostEstimate estimate(RoutePolicy policy, OfferSnapshot offer) {
        Served served = serve(policy, offer);
        if (served.whyNot() != null) {
            return null;
        }
        SelfHostPlan plan = served.plan();
        InstanceThroughput t = served.throughput();
        return SelfHostEstimate.newBuilder()
                .setModel(plan.modelId())
                .setWeights(plan.weights().name())
                .setGpus(offer.gpuCount())
                .setTensorParallel(t.tensorParallel())
                .setCopies(t.copies())
                .setConcurrency(plan.concurrency())
                .setContextTokens(plan.contextTokens())
                .setOutputTokensPerSecond(t.decodeTokensPerSecond())
                .setPrefillTokensPerSecond(
                        t.prefillTokensPerSecond().isPresent()
                                ? t.prefillTokensPerSecond().getAsDouble()
                                : null)
                .setPerSequenceTokensPerSecond(t.perSequenceTokensPerSecond())
                .setUsdPerInstanceHour(instancePerHour(offer))
                .setDecodeLimit(t.decodeLimit().name())
                .build();
    }

    static double instancePerHour(OfferSnapshot offer) {
        return offer.usdPerGpuHour() * offer.gpuCount();
    }

    /** Tokens per second of the instance in a mix of {@code ratio} prompt tokens per output token. */
    static double blendedTokensPerSecond(InstanceThroughput t, double ratio) {
        if (ratio == 0) {
            return t.decodeTokensPerSecond();
        }
        return (1 + ratio)
                / (1 / t.decodeTokensPerSecond()
                        + ratio / t.prefillTokensPerSecond().getAsDouble());
    }

    private static Optional<SelfHostPlan> plan(RoutePolicy policy) {
        PlanKey key =
                new PlanKey(policy.getModel() == null ? null : policy.getModel().toString(), policy.getSelfHost());
        Optional<SelfHostPlan> plan = PLANS.get(key);
        if (plan == null) {
            plan = SelfHostPlan.problems(policy).isEmpty() ? SelfHostPlan.of(policy) : Optional.empty();
            if (PLANS.size() >= MAX_CACHED) {
                PLANS.clear();
            }
            PLANS.put(key, plan);
        }
        return plan;
    }

    private static Served compute(ServingKey key) {
        Optional<GpuSpec> gpu = key.gpuModel() == null ? Optional.empty() : GpuModels.byCanonicalName(key.gpuModel());
        if (gpu.isEmpty()
                || key.gpus() < 1
                || GpuDatasheets.of(gpu.get().model()).isEmpty()) {
            return Served.cannot(NO_THROUGHPUT);
        }
        SelfHostPlan plan = key.plan();
        Deployment instance = Deployment.of(plan.shape(), plan.weights(), gpu.get(), key.gpus());
        Optional<InstanceThroughput> best =
                InstanceThroughput.best(model, instance, plan.concurrency(), plan.contextTokens());
        if (best.isEmpty()) {
            return Served.cannot(CANNOT_HOLD);
        }
        if (best.get().prefillTokensPerSecond().isEmpty()) {
            return Served.cannot(NO_THROUGHPUT);
        }
        if (plan.minOutputTokensPerSecond().isPresent()
                && best.get().perSequenceTokensPerSecond()
                        < plan.minOutputTokensPerSecond().getAsDouble()) {
            return Served.cannot(TOO_SLOW);
        }
        return new Served(plan, best.get(), null);
    }

    /** A plan on an instance: its throughput, or (whyNot set) why it cannot serve. */
    record Served(SelfHostPlan plan, InstanceThroughput throughput, String whyNot) {
        static Served cannot(String why) {
            return new Served(null, null, why);
        }
    }

    private record PlanKey(String routeModel, SelfHostPolicy selfHost) {}

    private record ServingKey(SelfHostPlan plan, String gpuModel, int gpus) {}
}
