package dev.gpuarb.streams.routing;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * {@link Candidacy} in the route-candidates store: a tag byte (1 eligible, 2 excluded), then the price
 * as 8 bytes or the reason in UTF-8. Still reads the text earlier versions wrote ("E" and the price as
 * 16 sortable hex digits, "X" and the reason), so a store restored from an older changelog keeps its
 * routes; such entries are rewritten in the new form when their offer next changes.
 */
final class CandidacySerde implements Serde<Candidacy> {

    private static final byte ELIGIBLE = 1;
    private static final byte EXCLUDED = 2;
    private static final byte LEGACY_ELIGIBLE = 'E';
    private static final byte LEGACY_EXCLUDED = 'X';
    private static final int LEGACY_PRICE_DIGITS = 16;

    @Override
    public Serializer<Candidacy> serializer() {
        return (topic, value) -> {
            if (value == null) {
                return null;
            }
            if (value instanceof Candidacy.Eligible eligible) {
                return ByteBuffer.allocate(1 + Double.BYTES)
                        .put(ELIGIBLE)
                        .putDouble(eligible.price())
                        .array();
            }
            byte[] reason = ((Candidacy.Excluded) value).reason().getBytes(StandardCharsets.UTF_8);
            return ByteBuffer.allocate(1 + reason.length)
                    .put(EXCLUDED)
                    .put(reason)
                    .array();
        };
    }

    @Override
    public Deserializer<Candidacy> deserializer() {
        return (topic, bytes) -> {
            if (bytes == null) {
                return null;
            }
            if (bytes.length == 0) {
                throw new SerializationException("cannot read a route candidacy: no bytes");
            }
            String rest = new String(bytes, 1, bytes.length - 1, StandardCharsets.UTF_8);
            return switch (bytes[0]) {
                case ELIGIBLE -> {
                    if (bytes.length != 1 + Double.BYTES) {
                        throw new SerializationException(
                                "cannot read a route candidacy: " + bytes.length + " bytes for a price");
                    }
                    yield new Candidacy.Eligible(
                            ByteBuffer.wrap(bytes, 1, Double.BYTES).getDouble());
                }
                case EXCLUDED, LEGACY_EXCLUDED -> new Candidacy.Excluded(rest);
                case LEGACY_ELIGIBLE -> new Candidacy.Eligible(legacyPrice(rest));
                default -> throw new SerializationException("cannot read a route candidacy: unknown tag " + bytes[0]);
            };
        };
    }

    /** The inverse of the old sortable key: IEEE bits with the sign bit flipped (positive) or all bits flipped (negative). */
    static double legacyPrice(String hex) {
        if (hex.length() != LEGACY_PRICE_DIGITS) {
            throw new SerializationException("cannot read a route candidacy: price key '" + hex + "'");
        }
        long sortable;
        try {
            sortable = Long.parseUnsignedLong(hex, 16);
        } catch (NumberFormatException e) {
            throw new SerializationException("cannot read a route candidacy: price key '" + hex + "'", e);
        }
        long bits = sortable < 0 ? sortable & Long.MAX_VALUE : ~sortable;
        return Double.longBitsToDouble(bits);
    }
}
