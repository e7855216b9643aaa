package dev.gpuarb.connectors.simulator;

import java.util.List;
import java.util.Map;

/**
 * The fixed vocabulary of the simulated market: providers, regions with their premia and UTC
 * offsets, GPU list prices, token models. Kept as data so the model's README description and the
 * code are the same thing.
 */
final class MarketParameters {

    private MarketParameters() {}

    /** kind: CLOUD sells on-demand and spot; MARKETPLACE sells host-priced listings that churn. */
    enum Kind {
        CLOUD,
        MARKETPLACE
    }

    record Provider(String id, Kind kind, double priceFactor, List<String> regions) {}

    /** premium: multiplier on list prices; utcOffsetHours: for the local-time diurnal cycle. */
    record Region(String id, double premium, int utcOffsetHours) {}

    record Gpu(String model, String instanceStem, double usdPerGpuHour) {}

    record TokenModel(String model, double usdPerMillionInput, double usdPerMillionOutput) {}

    /** Token provider with its latency distribution: log-normal with this median and log-sigma. */
    record TokenProvider(
            String id,
            double priceFactor,
            double medianLatencyMs,
            double latencySigma,
            double errorRate,
            double rateLimitedRate) {}

    static final Map<String, Region> REGIONS = Map.ofEntries(
            Map.entry("us-east-1", new Region("us-east-1", 1.06, -5)),
            Map.entry("us-west-2", new Region("us-west-2", 0.97, -8)),
            Map.entry("eu-west-1", new Region("eu-west-1", 1.09, 0)),
            Map.entry("eu-central-1", new Region("eu-central-1", 1.12, 1)),
            Map.entry("ap-northeast-1", new Region("ap-northeast-1", 1.18, 9)),
            Map.entry("ap-south-1", new Region("ap-south-1", 1.03, 5)),
            Map.entry("us-central", new Region("us-central", 1.00, -6)),
            Map.entry("eu-north", new Region("eu-north", 0.95, 1)));

    static final List<Provider> GPU_PROVIDERS = List.of(
            new Provider(
                    "simcloud-a", Kind.CLOUD, 1.00, List.of("us-east-1", "us-west-2", "eu-west-1", "ap-northeast-1")),
            new Provider("simcloud-b", Kind.CLOUD, 0.92, List.of("us-east-1", "eu-central-1", "ap-south-1")),
            new Provider("simneo", Kind.CLOUD, 0.70, List.of("us-central", "eu-north")),
            new Provider("simmarket", Kind.MARKETPLACE, 0.60, List.of("us-central", "eu-north", "us-west-2")));

    static final List<Gpu> GPUS = List.of(
            new Gpu("H100-80GB", "h100", 3.20),
            new Gpu("H200", "h200", 4.10),
            new Gpu("B200", "b200", 5.50),
            new Gpu("A100-80GB", "a100-80", 1.90),
            new Gpu("A100-40GB", "a100-40", 1.40),
            new Gpu("L40S", "l40s", 1.10),
            new Gpu("L4", "l4", 0.55),
            new Gpu("A10G", "a10g", 0.75),
            new Gpu("MI300X", "mi300x", 2.80),
            new Gpu("RTX4090", "rtx4090", 0.45));

    static final int[] GPU_COUNTS = {1, 2, 4, 8};

    static final List<TokenModel> TOKEN_MODELS = List.of(
            new TokenModel("llama-3.1-70b-instruct", 0.60, 0.80), new TokenModel("llama-3.1-8b-instruct", 0.06, 0.08),
            new TokenModel("qwen-2.5-72b-instruct", 0.50, 0.70), new TokenModel("mixtral-8x7b-instruct", 0.30, 0.45),
            new TokenModel("deepseek-v3", 0.30, 1.10), new TokenModel("gpt-oss-120b", 0.15, 0.60));

    static final List<TokenProvider> TOKEN_PROVIDERS = List.of(
            new TokenProvider("simfast", 1.25, 350, 0.35, 0.002, 0.003),
            new TokenProvider("simcheap", 0.75, 900, 0.60, 0.010, 0.020),
            new TokenProvider("simeu", 1.05, 550, 0.45, 0.004, 0.005),
            new TokenProvider("simbig", 1.00, 600, 0.50, 0.003, 0.008));
}
