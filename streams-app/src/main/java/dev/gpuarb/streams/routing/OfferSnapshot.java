package dev.gpuarb.streams.routing;

import dev.gpuarb.avro.GpuPriceObservation;
import dev.gpuarb.avro.TokenPriceObservation;
import dev.gpuarb.avro.WorkloadKind;
import java.time.Instant;
import java.util.List;

/**
 * What the route engine keeps of one offer's latest price: enough to filter and price it for any policy,
 * and whether the offer is still available.
 *
 * @param product instance type for GPU offers, model name for token offers
 * @param gpuModel canonical GPU model, null for token offers
 * @param pricingModel PricingModel name, null for token offers
 * @param validUntil wall-clock epoch millis after which the price no longer holds unless confirmed again;
 *                   null when it never expires
 * @param status null (state written before liveness) reads as {@link Status#LIVE}
 * @param reliability the marketplace's host reliability (0..1); null when the source does not score it
 */
public record OfferSnapshot(
        String offerId,
        String kind,
        String provider,
        String region,
        String zone,
        String product,
        String gpuModel,
        int gpuMemoryGb,
        int gpuCount,
        String pricingModel,
        double usdPerGpuHour,
        double usdPerMillionInput,
        double usdPerMillionOutput,
        List<String> tags,
        long observedAt,
        Long validUntil,
        Status status,
        Double reliability) {

    /** An offer without a reliability score (every source but the marketplaces). */
    public OfferSnapshot(
            String offerId,
            String kind,
            String provider,
            String region,
            String zone,
            String product,
            String gpuModel,
            int gpuMemoryGb,
            int gpuCount,
            String pricingModel,
            double usdPerGpuHour,
            double usdPerMillionInput,
            double usdPerMillionOutput,
            List<String> tags,
            long observedAt,
            Long validUntil,
            Status status) {
        this(
                offerId,
                kind,
                provider,
                region,
                zone,
                product,
                gpuModel,
                gpuMemoryGb,
                gpuCount,
                pricingModel,
                usdPerGpuHour,
                usdPerMillionInput,
                usdPerMillionOutput,
                tags,
                observedAt,
                validUntil,
                status,
                null);
    }

    /** Whether an offer can be routed to at all; only LIVE offers can. */
    public enum Status {
        LIVE,
        /** Its validUntil passed without a newer price confirming it. */
        EXPIRED,
        /** Its source's listing no longer holds it. */
        WITHDRAWN
    }

    public static OfferSnapshot of(GpuPriceObservation o) {
        return new OfferSnapshot(
                o.getOfferId(),
                WorkloadKind.GPU_HOURS.name(),
                o.getProvider(),
                o.getRegion(),
                o.getZone(),
                o.getInstanceType(),
                o.getGpuModel(),
                o.getGpuMemoryGb(),
                o.getGpuCount(),
                o.getPricingModel().name(),
                o.getUsdPerGpuHour(),
                0,
                0,
                List.copyOf(o.getComplianceTags()),
                o.getObservedAt().toEpochMilli(),
                millis(o.getValidUntil()),
                o.getWithdrawn() ? Status.WITHDRAWN : Status.LIVE,
                o.getReliability());
    }

    public static OfferSnapshot of(TokenPriceObservation o) {
        return new OfferSnapshot(
                o.getOfferId(),
                WorkloadKind.TOKENS.name(),
                o.getProvider(),
                o.getRegion(),
                null,
                o.getModel(),
                null,
                0,
                0,
                null,
                0,
                o.getUsdPerMillionInput(),
                o.getUsdPerMillionOutput(),
                List.copyOf(o.getTags()),
                o.getObservedAt().toEpochMilli(),
                millis(o.getValidUntil()),
                o.getWithdrawn() ? Status.WITHDRAWN : Status.LIVE);
    }

    private static Long millis(Instant t) {
        return t == null ? null : t.toEpochMilli();
    }

    @Override
    public Status status() {
        return status == null ? Status.LIVE : status;
    }

    public WorkloadKind workloadKind() {
        return WorkloadKind.valueOf(kind);
    }

    /** A live offer whose validUntil is before {@code now}. */
    public boolean expiredAt(long now) {
        return status() == Status.LIVE && validUntil != null && validUntil < now;
    }

    /** When the offer stopped being available: its withdrawal's time or its validUntil; null while live. */
    public Long goneAt() {
        return switch (status()) {
            case LIVE -> null;
            case WITHDRAWN -> observedAt;
            case EXPIRED -> validUntil;
        };
    }

    public OfferSnapshot withStatus(Status newStatus) {
        return new OfferSnapshot(
                offerId,
                kind,
                provider,
                region,
                zone,
                product,
                gpuModel,
                gpuMemoryGb,
                gpuCount,
                pricingModel,
                usdPerGpuHour,
                usdPerMillionInput,
                usdPerMillionOutput,
                tags,
                observedAt,
                validUntil,
                newStatus,
                reliability);
    }

    public OfferSnapshot withValidUntil(Long newValidUntil) {
        return new OfferSnapshot(
                offerId,
                kind,
                provider,
                region,
                zone,
                product,
                gpuModel,
                gpuMemoryGb,
                gpuCount,
                pricingModel,
                usdPerGpuHour,
                usdPerMillionInput,
                usdPerMillionOutput,
                tags,
                observedAt,
                newValidUntil,
                status,
                reliability);
    }
}
