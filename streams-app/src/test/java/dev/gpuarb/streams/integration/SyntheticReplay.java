package dev.gpuarb.streams.integration;

import dev.gpuarb.avro.GpuPriceObservation;
import dev.gpuarb.avro.PricingModel;
import dev.gpuarb.avro.RoutePolicy;
import dev.gpuarb.avro.WorkloadKind;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A deterministic replay for the real-engine tests: a few route policies, then GPU spot and
 * on-demand prices across providers, regions and models as random walks from a fixed seed, in
 * event-time order. It ends with one price well after the rest so that every spread window with
 * data closes. The same seed and start give the same records.
 */
record SyntheticReplay(List<RoutePolicy> policies, List<GpuPriceObservation> prices) {

    private static final Duration STEP = Duration.ofMinutes(2);
    private static final String[] PROVIDERS = {"aws", "gcp", "lambda"};
    private static final String[] REGIONS = {"us-east-1", "us-west-2", "eu-west-1", "ap-northeast-1"};
    private static final Map<String, Double> BASE_PRICE_PER_GPU =
            Map.of("H100-80GB", 4.0, "A100-80GB", 2.2, "L4-24GB", 0.8);

    /**
     * The replay for a seed, starting at {@code start}. Start it within the last day: the broker
     * applies topic retention by record timestamp, so older event times would let it delete input
     * and changelog records mid-test (the windowed changelogs keep about a day), and it refuses
     * timestamps more than an hour ahead.
     */
    static SyntheticReplay generate(long seed, int steps, Instant start) {
        Random random = new Random(seed);
        Map<String, GpuPriceObservation> offers = new LinkedHashMap<>();
        for (String model : BASE_PRICE_PER_GPU.keySet().stream().sorted().toList()) {
            for (String provider : PROVIDERS) {
                for (String region : REGIONS) {
                    double onDemand = BASE_PRICE_PER_GPU.get(model) * (0.8 + 0.4 * random.nextDouble());
                    offers.put(
                            key(model, provider, region, PricingModel.ON_DEMAND),
                            price(model, provider, region, PricingModel.ON_DEMAND, onDemand, start));
                    offers.put(
                            key(model, provider, region, PricingModel.SPOT),
                            price(
                                    model,
                                    provider,
                                    region,
                                    PricingModel.SPOT,
                                    onDemand * (0.3 + 0.4 * random.nextDouble()),
                                    start));
                }
            }
        }
        List<GpuPriceObservation> prices = new ArrayList<>(offers.values());
        List<String> keys = new ArrayList<>(offers.keySet());
        for (int step = 1; step <= steps; step++) {
            Instant at = start.plus(STEP.multipliedBy(step));
            for (int change = 0; change < 12; change++) {
                String k = keys.get(random.nextInt(keys.size()));
                GpuPriceObservation last = offers.get(k);
                // Spot prices move a few percent at a time; on-demand prices rarely and little.
                boolean spot = last.getPricingModel() == PricingModel.SPOT;
                if (!spot && random.nextInt(10) != 0) {
                    continue;
                }
                double factor = 1 + (spot ? 0.08 : 0.02) * (random.nextDouble() * 2 - 1);
                GpuPriceObservation next = price(
                        last.getGpuModel(),
                        last.getProvider(),
                        last.getRegion(),
                        last.getPricingModel(),
                        last.getUsdPerGpuHour() * factor,
                        at);
                offers.put(k, next);
                prices.add(next);
            }
        }
        GpuPriceObservation any = prices.get(0);
        prices.add(price(
                any.getGpuModel(),
                any.getProvider(),
                any.getRegion(),
                any.getPricingModel(),
                any.getUsdPerGpuHour(),
                start.plus(STEP.multipliedBy(steps)).plus(Duration.ofHours(3))));
        return new SyntheticReplay(routePolicies(start), List.copyOf(prices));
    }

    /** Policies that exercise the route filters, hysteresis and dwell; written before any price. */
    private static List<RoutePolicy> routePolicies(Instant start) {
        Instant at = start.minus(Duration.ofHours(1));
        return List.of(
                policy("h100-any", "H100-80GB", at).build(),
                policy("a100-spot-us", "A100-80GB", at)
                        .setPricingModels(List.of(PricingModel.SPOT))
                        .setAllowedRegions(List.of("us-east-1", "us-west-2"))
                        .setHysteresisPct(5)
                        .setMinDwellMs(Duration.ofMinutes(30).toMillis())
                        .build(),
                policy("l4-cheap", "L4-24GB", at).setMaxPrice(0.45).build(),
                policy("h100-on-demand-no-gcp", "H100-80GB", at)
                        .setPricingModels(List.of(PricingModel.ON_DEMAND))
                        .setExcludedProviders(List.of("gcp"))
                        .setHysteresisPct(2)
                        .build());
    }

    private static RoutePolicy.Builder policy(String routeId, String gpuModel, Instant at) {
        return RoutePolicy.newBuilder()
                .setRouteId(routeId)
                .setKind(WorkloadKind.GPU_HOURS)
                .setGpuModel(gpuModel)
                .setUpdatedAt(at);
    }

    private static String key(String model, String provider, String region, PricingModel pricingModel) {
        return String.join("|", provider, region, "", instanceType(model), pricingModel.name());
    }

    private static String instanceType(String model) {
        return model.toLowerCase(java.util.Locale.ROOT).replace("-", "") + ".8gpu";
    }

    private static GpuPriceObservation price(
            String model, String provider, String region, PricingModel pricingModel, double usdPerGpuHour, Instant at) {
        // Rounded to a tenth of a cent, as providers publish them.
        double perGpu = Math.max(0.05, Math.round(usdPerGpuHour * 1000) / 1000.0);
        return GpuPriceObservation.newBuilder()
                .setOfferId(key(model, provider, region, pricingModel))
                .setProvider(provider)
                .setRegion(region)
                .setZone(null)
                .setInstanceType(instanceType(model))
                .setGpuModel(model)
                .setGpuCount(8)
                .setGpuMemoryGb(Integer.parseInt(model.replaceAll(".*-(\\d+)GB", "$1")))
                .setPricingModel(pricingModel)
                .setUsdPerHour(perGpu * 8)
                .setUsdPerGpuHour(perGpu)
                .setCurrency("USD")
                .setOriginalAmount(perGpu * 8)
                .setObservedAt(at)
                .setSource("synthetic-replay")
                .setComplianceTags(List.of())
                .setAttributes(Map.of())
                .build();
    }
}
