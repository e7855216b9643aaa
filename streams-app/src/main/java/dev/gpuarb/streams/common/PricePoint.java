package dev.gpuarb.streams.common;

import dev.gpuarb.avro.GpuPriceObservation;
import dev.gpuarb.avro.TokenPriceObservation;
import dev.gpuarb.avro.WorkloadKind;
import java.time.Instant;

/**
 * One price in the unit spreads, profiles and alerts compare: USD per GPU-hour for GPU offers,
 * blended USD per million tokens (3 input : 1 output) for token offers.
 *
 * @param pricingModel PricingModel name for GPU offers, null for tokens
 * @param region canonical region, "global" for token prices without a region
 * @param validUntil epoch ms when the price stops holding unless its offer is priced again (the
 *                   observation's validUntil); null when it holds until the offer's next record
 */
public record PricePoint(
        String kind,
        String product,
        String pricingModel,
        String region,
        String provider,
        String offerId,
        double price,
        long at,
        Long validUntil) {

    public static final String GLOBAL_REGION = "global";
    /** Input tokens per output token used for token spreads and profiles (RegionalSpread.priceUnit). */
    public static final double SPREAD_INPUT_OUTPUT_RATIO = 3.0;

    public static final String USD_PER_GPU_HOUR = "USD/GPU-hour";
    public static final String USD_PER_MILLION_TOKENS = "USD/1M tokens (blended 3:1 input:output)";

    /** A price that holds until the offer's next record. */
    public PricePoint(
            String kind,
            String product,
            String pricingModel,
            String region,
            String provider,
            String offerId,
            double price,
            long at) {
        this(kind, product, pricingModel, region, provider, offerId, price, at, null);
    }

    public static PricePoint of(GpuPriceObservation o) {
        return new PricePoint(
                WorkloadKind.GPU_HOURS.name(),
                o.getGpuModel(),
                o.getPricingModel().name(),
                o.getRegion(),
                o.getProvider(),
                o.getOfferId(),
                o.getUsdPerGpuHour(),
                o.getObservedAt().toEpochMilli(),
                epochMillis(o.getValidUntil()));
    }

    public static PricePoint of(TokenPriceObservation o) {
        return new PricePoint(
                WorkloadKind.TOKENS.name(),
                o.getModel(),
                null,
                o.getRegion() == null ? GLOBAL_REGION : o.getRegion(),
                o.getProvider(),
                o.getOfferId(),
                blended(o.getUsdPerMillionInput(), o.getUsdPerMillionOutput(), SPREAD_INPUT_OUTPUT_RATIO),
                o.getObservedAt().toEpochMilli(),
                epochMillis(o.getValidUntil()));
    }

    private static Long epochMillis(Instant at) {
        return at == null ? null : at.toEpochMilli();
    }

    /** Whether the price still holds at {@code t} as far as its own deadline goes (withdrawals aside). */
    public boolean holdsAt(long t) {
        return validUntil == null || validUntil > t;
    }

    /** (ratio * input + output) / (ratio + 1): the price of a million tokens in the given mix. */
    public static double blended(double input, double output, double inputPerOutput) {
        return (inputPerOutput * input + output) / (inputPerOutput + 1);
    }

    public boolean isGpu() {
        return WorkloadKind.GPU_HOURS.name().equals(kind);
    }

    public String priceUnit() {
        return isGpu() ? USD_PER_GPU_HOUR : USD_PER_MILLION_TOKENS;
    }

    /** kind|product|pricingModel, the key of spreads.regional (pricing model empty for tokens). */
    public String productKey() {
        return Keys.join(kind, product, pricingModel == null ? "" : pricingModel);
    }

    /** product|pricingModel|region, the key of profiles.time-of-day. */
    public String profileKey() {
        return Keys.join(product, pricingModel == null ? "" : pricingModel, region);
    }
}
