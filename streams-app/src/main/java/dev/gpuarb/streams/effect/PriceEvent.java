package dev.gpuarb.streams.effect;

import dev.gpuarb.avro.GpuPriceObservation;
import dev.gpuarb.avro.TokenPriceObservation;
import dev.gpuarb.streams.common.Keys;
import dev.gpuarb.streams.common.PricePoint;
import java.time.Instant;

/**
 * One record of an offer as analytics reads it: a price that takes effect at {@code at}, or the
 * offer's withdrawal at {@code at}. Prices are in the unit spreads compare ({@link PricePoint}).
 *
 * @param until when the price stops holding unless a later record of the offer confirms it (the
 *              observation's validUntil), {@link Long#MAX_VALUE} when it holds until the next record
 */
public record PriceEvent(String kind, String product, String pricingModel, String region, String provider,
                         String offerId, double price, long at, long until, boolean withdrawn) {

    public static PriceEvent of(GpuPriceObservation o) {
        return of(PricePoint.of(o), o.getValidUntil(), o.getWithdrawn());
    }

    public static PriceEvent of(TokenPriceObservation o) {
        return of(PricePoint.of(o), o.getValidUntil(), o.getWithdrawn());
    }

    private static PriceEvent of(PricePoint p, Instant validUntil, boolean withdrawn) {
        return new PriceEvent(p.kind(), p.product(), p.pricingModel(), p.region(), p.provider(), p.offerId(), p.price(),
                p.at(), validUntil == null ? Long.MAX_VALUE : validUntil.toEpochMilli(), withdrawn);
    }

    /** kind|product|pricingModel: the key analytics partitions prices by (that of spreads.regional). */
    public String productKey() {
        return Keys.join(kind, product, pricingModel == null ? "" : pricingModel);
    }

    /** The price as a point, for stages that read observations rather than prices in effect. */
    public PricePoint point() {
        return new PricePoint(kind, product, pricingModel, region, provider, offerId, price, at);
    }
}
