package dev.gpuarb.streams.effect;

import dev.gpuarb.avro.GpuPriceObservation;
import dev.gpuarb.avro.PricingModel;
import dev.gpuarb.avro.TokenPriceObservation;
import dev.gpuarb.avro.WorkloadKind;
import dev.gpuarb.streams.common.Keys;
import dev.gpuarb.streams.common.PricePoint;

/**
 * One record of an offer as analytics reads it: a price that takes effect at {@code at}, or the
 * offer's withdrawal at {@code at}. Prices are in the unit spreads compare ({@link PricePoint}).
 *
 * @param until when the price stops holding unless a later record of the offer confirms it (the
 *              observation's validUntil), {@link Long#MAX_VALUE} when it holds until the next record
 * @param instance the GPU instance the offer rents (for spot bids), null for token offers
 */
public record PriceEvent(
        String kind,
        String product,
        String pricingModel,
        String region,
        String provider,
        String offerId,
        double price,
        long at,
        long until,
        boolean withdrawn,
        Instance instance) {

    /** A GPU offer's machine: its instance type, zone (null when not zonal) and whole-instance USD per hour. */
    public record Instance(String instanceType, String zone, double usdPerHour) {}

    public static PriceEvent of(GpuPriceObservation o) {
        return of(
                PricePoint.of(o), o.getWithdrawn(), new Instance(o.getInstanceType(), o.getZone(), o.getUsdPerHour()));
    }

    public static PriceEvent of(TokenPriceObservation o) {
        return of(PricePoint.of(o), o.getWithdrawn(), null);
    }

    private static PriceEvent of(PricePoint p, boolean withdrawn, Instance instance) {
        return new PriceEvent(
                p.kind(),
                p.product(),
                p.pricingModel(),
                p.region(),
                p.provider(),
                p.offerId(),
                p.price(),
                p.at(),
                p.validUntil() == null ? Long.MAX_VALUE : p.validUntil(),
                withdrawn,
                instance);
    }

    /** kind|product|pricingModel: the key of spreads.regional, and of a product's state in analytics. */
    public String productKey() {
        return Keys.join(kind, product, pricingModel == null ? "" : pricingModel);
    }

    /**
     * kind|product: the key analytics partitions prices by. Without the pricing model, so that an
     * instance's spot and on-demand prices meet in one task (spot bids compare them).
     */
    public String partitionKey() {
        return Keys.join(kind, product);
    }

    public boolean isGpu() {
        return WorkloadKind.GPU_HOURS.name().equals(kind);
    }

    public boolean isSpotOrOnDemandGpu() {
        return instance != null
                && (PricingModel.SPOT.name().equals(pricingModel)
                        || PricingModel.ON_DEMAND.name().equals(pricingModel));
    }

    /** The price as a point, its deadline included, for stages that read observations rather than panes. */
    public PricePoint point() {
        return new PricePoint(kind, product, pricingModel, region, provider, offerId, price, at, validUntil());
    }

    /** The observation's validUntil, null when the price holds until the next record. */
    public Long validUntil() {
        return until == Long.MAX_VALUE ? null : until;
    }
}
