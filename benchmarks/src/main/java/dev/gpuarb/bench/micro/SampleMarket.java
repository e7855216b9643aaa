package dev.gpuarb.bench.micro;

import dev.gpuarb.avro.PricingModel;
import dev.gpuarb.avro.RoutePolicy;
import dev.gpuarb.avro.WorkloadKind;
import dev.gpuarb.streams.routing.LatestLatency;
import dev.gpuarb.streams.routing.OfferSnapshot;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The market the route benchmarks run on, the same for every run (fixed seed): a mix of GPU models,
 * providers, regions and pricing models (about a quarter of offers sell the policy's GPU), with
 * latency known for about a third, and one policy that filters by pricing model, region, excluded
 * provider, price and latency.
 */
final class SampleMarket {

    /** Event time of the first offer; offer i is observed i ms later. */
    static final long T0 = 1_700_000_000_000L;

    private static final String[] PROVIDERS = {"aws", "azure", "gcp", "lambda", "runpod", "vast", "coreweave"};
    private static final String[] REGIONS = {
        "us-east-1", "us-west-2", "eu-west-1", "eastus", "westeurope", "us-central1"
    };
    private static final String[] MODELS = {"H100-80GB", "A100-80GB", "L4", "L40S"};
    private static final String[] PRICING = {"ON_DEMAND", "SPOT", "MARKETPLACE"};

    /** Offers in generation order, and the latency of those that have one (by offer id). */
    record Offers(List<OfferSnapshot> snapshots, Map<String, LatestLatency> latency) {}

    private SampleMarket() {}

    static Offers offers(int count) {
        SplittableRandom r = new SplittableRandom(7);
        List<OfferSnapshot> snapshots = new ArrayList<>(count);
        Map<String, LatestLatency> latency = new HashMap<>();
        for (int i = 0; i < count; i++) {
            String provider = PROVIDERS[r.nextInt(PROVIDERS.length)];
            String region = REGIONS[r.nextInt(REGIONS.length)];
            String model = MODELS[r.nextInt(MODELS.length)];
            String pricing = PRICING[r.nextInt(PRICING.length)];
            String id = provider + "|" + region + "||inst-" + i + "|" + pricing;
            snapshots.add(new OfferSnapshot(
                    id,
                    WorkloadKind.GPU_HOURS.name(),
                    provider,
                    region,
                    null,
                    "inst-" + i,
                    model,
                    80,
                    1 + r.nextInt(8),
                    pricing,
                    1.0 + 4.0 * r.nextDouble(),
                    0,
                    0,
                    r.nextInt(4) == 0 ? List.of("soc2") : List.of(),
                    T0 + i,
                    null,
                    OfferSnapshot.Status.LIVE));
            if (r.nextInt(3) == 0) {
                latency.put(id, new LatestLatency(100 + 900 * r.nextDouble(), 0.01, T0));
            }
        }
        return new Offers(snapshots, latency);
    }

    static RoutePolicy policy() {
        return RoutePolicy.newBuilder()
                .setRouteId("batch-h100")
                .setKind(WorkloadKind.GPU_HOURS)
                .setGpuModel("H100-80GB")
                .setPricingModels(List.of(PricingModel.ON_DEMAND, PricingModel.SPOT))
                .setAllowedRegions(List.of("us-east-1", "us-west-2", "eastus", "us-central1"))
                .setExcludedProviders(List.of("vast"))
                .setMaxPrice(4.5)
                .setMaxP99LatencyMs(800.0)
                .setHysteresisPct(5.0)
                .setMinDwellMs(60_000)
                .setUpdatedAt(Instant.ofEpochMilli(T0))
                .build();
    }
}
