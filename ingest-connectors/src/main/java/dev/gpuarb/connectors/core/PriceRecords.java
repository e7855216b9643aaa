package dev.gpuarb.connectors.core;

import dev.gpuarb.avro.GpuPriceObservation;
import dev.gpuarb.avro.TokenPriceObservation;
import dev.gpuarb.vocab.Jurisdictions;
import java.time.Instant;
import java.util.Optional;
import org.apache.avro.specific.SpecificRecord;

/**
 * The liveness fields ({@code validUntil}, {@code withdrawn}) of the two price records, which share
 * them but no Java type. Changes are made on copies: a value may still be held as the last one sent.
 */
public final class PriceRecords {

    private PriceRecords() {}

    public static boolean isPrice(SpecificRecord value) {
        return value instanceof GpuPriceObservation || value instanceof TokenPriceObservation;
    }

    public static boolean isWithdrawal(SpecificRecord value) {
        if (value instanceof GpuPriceObservation gpu) {
            return gpu.getWithdrawn();
        }
        return value instanceof TokenPriceObservation token && token.getWithdrawn();
    }

    /**
     * {@code provider/region} of a price whose region has no residency tags: every GPU price has a
     * region, a token price only when the source states one. Empty for other records.
     */
    public static Optional<String> regionWithoutResidency(SpecificRecord value) {
        if (value instanceof GpuPriceObservation gpu && !Jurisdictions.hasResidency(gpu.getComplianceTags())) {
            return Optional.of(gpu.getProvider() + "/" + gpu.getRegion());
        }
        if (value instanceof TokenPriceObservation token
                && token.getRegion() != null
                && !Jurisdictions.hasResidency(token.getTags())) {
            return Optional.of(token.getProvider() + "/" + token.getRegion());
        }
        return Optional.empty();
    }

    /** A copy of the price with this validUntil (null: never expires). */
    public static SpecificRecord withValidUntil(SpecificRecord price, Instant validUntil) {
        if (price instanceof GpuPriceObservation gpu) {
            return GpuPriceObservation.newBuilder(gpu).setValidUntil(validUntil).build();
        }
        TokenPriceObservation token = (TokenPriceObservation) price;
        return TokenPriceObservation.newBuilder(token).setValidUntil(validUntil).build();
    }

    /**
     * The record saying the offer left the source's listing at {@code at}: the last price sent,
     * marked withdrawn, dated {@code at}, without validUntil (it does not expire, it ends the offer).
     */
    public static SpecificRecord withdrawal(SpecificRecord lastSent, Instant at) {
        if (lastSent instanceof GpuPriceObservation gpu) {
            return GpuPriceObservation.newBuilder(gpu)
                    .setWithdrawn(true)
                    .setObservedAt(at)
                    .setValidUntil(null)
                    .build();
        }
        TokenPriceObservation token = (TokenPriceObservation) lastSent;
        return TokenPriceObservation.newBuilder(token)
                .setWithdrawn(true)
                .setObservedAt(at)
                .setValidUntil(null)
                .build();
    }
}
