package dev.gpuarb.connectors.core;

import java.time.Duration;
import java.time.Instant;
import org.apache.avro.specific.SpecificRecord;

/**
 * How long a sent price stays valid (the source's TTL): a price leaves with
 * {@code validUntil = the wall-clock time it is sent + TTL}, so that consumers stop using an offer
 * whose source stopped confirming it. Stamped when records are built ({@link RecordMapper}, and
 * {@code gpuarb replay}), so every source gets it the same way and a re-sent price a fresh one.
 */
public final class PriceValidity {

    /** Replayed history, or a TTL of 0: validUntil stays null. */
    public static final PriceValidity NEVER_EXPIRES = new PriceValidity(Duration.ZERO);

    private static final Instant LATEST = Instant.ofEpochMilli(Long.MAX_VALUE);

    private final Duration ttl;

    private PriceValidity(Duration ttl) {
        this.ttl = ttl;
    }

    /** @param ttl zero: prices never expire */
    public static PriceValidity of(Duration ttl) {
        return ttl.isZero() ? NEVER_EXPIRES : new PriceValidity(ttl);
    }

    public boolean expires() {
        return !ttl.isZero();
    }

    /** The validUntil of a price sent at {@code sentAt}; null when prices never expire. */
    public Instant validUntil(Instant sentAt) {
        if (!expires()) {
            return null;
        }
        // timestamp-millis holds a long of milliseconds: an absurd TTL saturates instead of overflowing it.
        return LATEST.minus(ttl).isBefore(sentAt) ? LATEST : sentAt.plus(ttl);
    }

    /**
     * The value as it leaves at {@code sentAt}: a copy of a price with its validUntil set. Withdrawals
     * (which never expire: they end the offer), other records and everything when prices never
     * expire are returned as they are.
     */
    public SpecificRecord stamp(SpecificRecord value, Instant sentAt) {
        if (!expires() || !PriceRecords.isPrice(value) || PriceRecords.isWithdrawal(value)) {
            return value;
        }
        return PriceRecords.withValidUntil(value, validUntil(sentAt));
    }

    @Override
    public String toString() {
        return expires() ? "validUntil = sent + " + ttl : "never expires";
    }
}
