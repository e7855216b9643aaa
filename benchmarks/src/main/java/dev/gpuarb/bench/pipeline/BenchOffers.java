package dev.gpuarb.bench.pipeline;

import dev.gpuarb.avro.GpuPriceObservation;
import dev.gpuarb.avro.PricingModel;
import dev.gpuarb.avro.RoutePolicy;
import dev.gpuarb.avro.WorkloadKind;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Offers and a route policy made for measurement. Two offers A and B of a GPU model no other offer
 * has; B stays at {@link #B_PRICE}. Tick i moves A so that every tick switches the route:
 * even ticks lift A far above B (the route moves to B), odd ticks drop A far below B (back to A).
 * Each tick has its own event time (base + i ms), which the route engine copies into the update's
 * decidedAt, so each committed update names the tick that caused it.
 */
public final class BenchOffers {

    public static final String PROVIDER = "benchcloud";
    public static final String GPU_MODEL = "H100-80GB";
    public static final String OFFER_A = "benchcloud|us-east-1||bench.flip-a|ON_DEMAND";
    public static final String OFFER_B = "benchcloud|us-east-1||bench.flip-b|ON_DEMAND";
    public static final double B_PRICE = 5.0;
    /** Far beyond the hysteresis either way, so each tick is a switch. */
    public static final double HYSTERESIS_PCT = 5.0;

    private BenchOffers() {}

    /** A's price at tick i: unique per tick (to cross-check), high on even ticks, low on odd. */
    public static double priceOfA(long tick) {
        double unique = (tick % 100_000) * 1e-5;
        return tick % 2 == 0 ? 8.0 + unique : 2.0 + unique;
    }

    public static GpuPriceObservation flipTick(long tick, long base) {
        return offer(OFFER_A, "bench.flip-a", "us-east-1", GPU_MODEL, priceOfA(tick), base + tick);
    }

    /** Offers of the route's product that tick without ever being its choice: always dearer than B, cheaper than A's high. */
    static final int NOISE_OFFERS = 500;

    /**
     * Send i of the "other" ticks of a realistic mix: a price change of one of {@value #NOISE_OFFERS}
     * offers of the route's GPU model, priced between B and A's high price, so the route engine ranks
     * it (an alternative may change) but the route's choice never moves and no update is emitted.
     */
    public static GpuPriceObservation noiseTick(long i, long observedAt) {
        int n = (int) (i % NOISE_OFFERS);
        double price = B_PRICE + 0.5 + (i % 2_000) * 0.001; // 5.5 .. 7.5: above B, below A's 8+
        return offer(
                "benchcloud|us-east-1||bench.noise-" + n + "|ON_DEMAND",
                "bench.noise-" + n,
                "us-east-1",
                GPU_MODEL,
                price,
                observedAt);
    }

    /** The starting prices: A below B, so the route starts on A and tick 0 (A lifted) switches to B. */
    public static List<GpuPriceObservation> initial(long base) {
        return List.of(
                offer(OFFER_A, "bench.flip-a", "us-east-1", GPU_MODEL, 2.0, base - 1000),
                offer(OFFER_B, "bench.flip-b", "us-east-1", GPU_MODEL, B_PRICE, base - 1000));
    }

    /** Event time of the policy, relative to base: its first decision carries it as decidedAt. */
    public static final long POLICY_AT = -500;

    public static RoutePolicy flipPolicy(String routeId, long base) {
        return RoutePolicy.newBuilder()
                .setRouteId(routeId)
                .setKind(WorkloadKind.GPU_HOURS)
                .setGpuModel(GPU_MODEL)
                .setAllowedProviders(List.of(PROVIDER))
                .setHysteresisPct(HYSTERESIS_PCT)
                .setMinDwellMs(0)
                .setUpdatedAt(Instant.ofEpochMilli(base + POLICY_AT))
                .build();
    }

    private static final String[] PROVIDERS = {"aws", "azure", "gcp", "lambda", "runpod", "vast", "coreweave"};
    private static final String[] REGIONS = {
        "us-east-1",
        "us-west-2",
        "eu-west-1",
        "eu-central-1",
        "ap-northeast-1",
        "eastus",
        "westeurope",
        "europe-west4",
        "us-central1"
    };
    private static final String[] MODELS = {"A100-80GB", "A100-40GB", "L4", "A10G", "L40S", "MI300X", "T4", "V100-16GB"
    };

    /** Distinct offer number i of a synthetic catalogue (never the GPU model of the flip offers). */
    public static GpuPriceObservation distinct(long i, long observedAt) {
        String provider = PROVIDERS[(int) (i % PROVIDERS.length)];
        String region = REGIONS[(int) ((i / 7) % REGIONS.length)];
        String model = MODELS[(int) ((i / 63) % MODELS.length)];
        String instance = "bench." + model.toLowerCase() + "." + i;
        double price = 0.5 + (i % 997) * 0.01;
        return offer(
                provider + "|" + region + "||" + instance + "|ON_DEMAND",
                instance,
                region,
                model,
                price,
                observedAt,
                provider);
    }

    private static GpuPriceObservation offer(
            String offerId, String instance, String region, String model, double price, long observedAt) {
        return offer(offerId, instance, region, model, price, observedAt, PROVIDER);
    }

    private static GpuPriceObservation offer(
            String offerId,
            String instance,
            String region,
            String model,
            double price,
            long observedAt,
            String provider) {
        return GpuPriceObservation.newBuilder()
                .setOfferId(offerId)
                .setProvider(provider)
                .setRegion(region)
                .setZone(null)
                .setInstanceType(instance)
                .setGpuModel(model)
                .setGpuCount(1)
                .setGpuMemoryGb(80)
                .setPricingModel(PricingModel.ON_DEMAND)
                .setUsdPerHour(price)
                .setUsdPerGpuHour(price)
                .setCurrency("USD")
                .setOriginalAmount(price)
                .setObservedAt(Instant.ofEpochMilli(observedAt))
                .setSource("benchmark")
                .setComplianceTags(List.of())
                .setAttributes(Map.of())
                .build();
    }
}
