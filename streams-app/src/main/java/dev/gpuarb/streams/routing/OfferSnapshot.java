package dev.gpuarb.streams.routing;

import dev.gpuarb.avro.GpuPriceObservation;
import dev.gpuarb.avro.TokenPriceObservation;
import dev.gpuarb.avro.WorkloadKind;
import java.util.List;

/**
 * What the route engine keeps of one offer's latest price: enough to filter and price it for any policy.
 *
 * @param product instance type for GPU offers, model name for token offers
 * @param gpuModel canonical GPU model, null for token offers
 * @param pricingModel PricingModel name, null for token offers
 */
public record OfferSnapshot(String offerId, String kind, String provider, String region, String zone, String product,
                            String gpuModel, int gpuMemoryGb, int gpuCount, String pricingModel,
                            double usdPerGpuHour, double usdPerMillionInput, double usdPerMillionOutput,
                            List<String> tags, long observedAt) {

    public static OfferSnapshot of(GpuPriceObservation o) {
        return new OfferSnapshot(o.getOfferId(), WorkloadKind.GPU_HOURS.name(), o.getProvider(), o.getRegion(), o.getZone(),
                o.getInstanceType(), o.getGpuModel(), o.getGpuMemoryGb(), o.getGpuCount(), o.getPricingModel().name(),
                o.getUsdPerGpuHour(), 0, 0, List.copyOf(o.getComplianceTags()), o.getObservedAt().toEpochMilli());
    }

    public static OfferSnapshot of(TokenPriceObservation o) {
        return new OfferSnapshot(o.getOfferId(), WorkloadKind.TOKENS.name(), o.getProvider(), o.getRegion(), null,
                o.getModel(), null, 0, 0, null, 0, o.getUsdPerMillionInput(), o.getUsdPerMillionOutput(),
                List.copyOf(o.getTags()), o.getObservedAt().toEpochMilli());
    }

    public WorkloadKind workloadKind() {
        return WorkloadKind.valueOf(kind);
    }
}
