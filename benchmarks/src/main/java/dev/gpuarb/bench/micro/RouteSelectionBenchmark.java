package dev.gpuarb.bench.micro;

import dev.gpuarb.avro.PricingModel;
import dev.gpuarb.avro.RoutePolicy;
import dev.gpuarb.avro.RouteUpdate;
import dev.gpuarb.avro.WorkloadKind;
import dev.gpuarb.streams.routing.Evaluation;
import dev.gpuarb.streams.routing.LatestLatency;
import dev.gpuarb.streams.routing.OfferSnapshot;
import dev.gpuarb.streams.routing.RouteSelector;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The route engine's decision over a realistic candidate set: a mix of GPU models, providers,
 * regions and pricing models (about a quarter of offers sell the policy's GPU), with latency known
 * for some, evaluated for a policy that filters by pricing model, region, excluded provider and a
 * price cap, then decided against a current choice with hysteresis. {@code offers} is how many
 * offers the engine holds (it evaluates them all on each tick).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class RouteSelectionBenchmark {

    private static final String[] PROVIDERS = {"aws", "azure", "gcp", "lambda", "runpod", "vast", "coreweave"};
    private static final String[] REGIONS = {"us-east-1", "us-west-2", "eu-west-1", "eastus", "westeurope", "us-central1"};
    private static final String[] MODELS = {"H100-80GB", "A100-80GB", "L4", "L40S"};
    private static final String[] PRICING = {"ON_DEMAND", "SPOT", "MARKETPLACE"};

    @Param({"100", "1000", "10000"})
    public int offers;

    private final RouteSelector selector = new RouteSelector(3);
    private RoutePolicy policy;
    private List<OfferSnapshot> snapshots;
    private Map<String, LatestLatency> latency;
    private RouteUpdate current;

    @Setup
    public void setUp() {
        SplittableRandom r = new SplittableRandom(7);
        snapshots = new ArrayList<>(offers);
        latency = new HashMap<>();
        for (int i = 0; i < offers; i++) {
            String provider = PROVIDERS[r.nextInt(PROVIDERS.length)];
            String region = REGIONS[r.nextInt(REGIONS.length)];
            String model = MODELS[r.nextInt(MODELS.length)];
            String pricing = PRICING[r.nextInt(PRICING.length)];
            String id = provider + "|" + region + "||inst-" + i + "|" + pricing;
            snapshots.add(new OfferSnapshot(id, WorkloadKind.GPU_HOURS.name(), provider, region, null, "inst-" + i, model,
                    80, 1 + r.nextInt(8), pricing, 1.0 + 4.0 * r.nextDouble(), 0, 0,
                    r.nextInt(4) == 0 ? List.of("soc2") : List.of(), 1_700_000_000_000L + i));
            if (r.nextInt(3) == 0) {
                latency.put(id, new LatestLatency(100 + 900 * r.nextDouble(), 0.01, 1_700_000_000_000L));
            }
        }
        policy = RoutePolicy.newBuilder()
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
                .setUpdatedAt(Instant.ofEpochMilli(1_700_000_000_000L))
                .build();
        Evaluation first = selector.evaluate(policy, snapshots, latency);
        current = selector.decide(policy, first, null, false, 1_700_000_000_000L, null, null).orElseThrow();
    }

    /** What one price tick costs the engine for one route: evaluate every offer, then decide. */
    @Benchmark
    public Optional<RouteUpdate> evaluateAndDecide() {
        Evaluation eval = selector.evaluate(policy, snapshots, latency);
        return selector.decide(policy, eval, current, false, 1_700_000_100_000L, null, null);
    }
}
