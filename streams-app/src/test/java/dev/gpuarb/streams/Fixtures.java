package dev.gpuarb.streams;

import dev.gpuarb.avro.EndpointObservation;
import dev.gpuarb.avro.GpuPriceObservation;
import dev.gpuarb.avro.PricingModel;
import dev.gpuarb.avro.RequestStatus;
import dev.gpuarb.avro.RoutePolicy;
import dev.gpuarb.avro.TokenPriceObservation;
import dev.gpuarb.avro.WorkloadKind;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Small builders for test records; everything not named gets a plausible value. */
public final class Fixtures {

    /** 2024-06-03T00:00:00Z, a Monday at UTC midnight. */
    public static final Instant T0 = Instant.parse("2024-06-03T00:00:00Z");

    private Fixtures() {}

    public static Instant at(Duration sinceT0) {
        return T0.plus(sinceT0);
    }

    public static Instant minutes(long m) {
        return T0.plus(Duration.ofMinutes(m));
    }

    public static String offerId(String provider, String region, String instanceType, PricingModel pm) {
        return String.join("|", provider, region, "", instanceType, pm.name());
    }

    /** An 8-GPU H100 instance priced at {@code usdPerGpuHour} per GPU. */
    public static GpuPriceObservation.Builder gpu(
            String provider, String region, PricingModel pm, double usdPerGpuHour, Instant at) {
        return gpuInstance(provider, region, "p5.48xlarge", pm, 8, usdPerGpuHour * 8, at);
    }

    public static GpuPriceObservation.Builder gpuInstance(
            String provider,
            String region,
            String instanceType,
            PricingModel pm,
            int gpuCount,
            double usdPerHour,
            Instant at) {
        return GpuPriceObservation.newBuilder()
                .setOfferId(offerId(provider, region, instanceType, pm))
                .setProvider(provider)
                .setRegion(region)
                .setZone(null)
                .setInstanceType(instanceType)
                .setGpuModel("H100-80GB")
                .setGpuCount(gpuCount)
                .setGpuMemoryGb(80)
                .setPricingModel(pm)
                .setUsdPerHour(usdPerHour)
                .setUsdPerGpuHour(usdPerHour / gpuCount)
                .setCurrency("USD")
                .setOriginalAmount(usdPerHour)
                .setObservedAt(at)
                .setSource("test")
                .setComplianceTags(List.of())
                .setAttributes(Map.of());
    }

    public static TokenPriceObservation.Builder tokens(
            String provider, String model, String region, double in, double out, Instant at) {
        return TokenPriceObservation.newBuilder()
                .setOfferId(String.join("|", provider, model, region == null ? "" : region))
                .setProvider(provider)
                .setModel(model)
                .setProviderModelId(provider + "/" + model)
                .setRegion(region)
                .setUsdPerMillionInput(in)
                .setUsdPerMillionOutput(out)
                .setObservedAt(at)
                .setSource("test")
                .setTags(List.of());
    }

    public static EndpointObservation request(String endpointId, double latencyMs, RequestStatus status, Instant at) {
        return EndpointObservation.newBuilder()
                .setEndpointId(endpointId)
                .setLatencyMs(latencyMs)
                .setStatus(status)
                .setAt(at)
                .build();
    }

    public static RoutePolicy.Builder gpuPolicy(String routeId, String gpuModel, Instant at) {
        return RoutePolicy.newBuilder()
                .setRouteId(routeId)
                .setKind(WorkloadKind.GPU_HOURS)
                .setGpuModel(gpuModel)
                .setUpdatedAt(at);
    }

    public static RoutePolicy.Builder tokenPolicy(String routeId, String model, Instant at) {
        return RoutePolicy.newBuilder()
                .setRouteId(routeId)
                .setKind(WorkloadKind.TOKENS)
                .setModel(model)
                .setUpdatedAt(at);
    }
}
