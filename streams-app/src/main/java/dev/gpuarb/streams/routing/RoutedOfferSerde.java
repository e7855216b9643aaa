package dev.gpuarb.streams.routing;

import dev.gpuarb.streams.common.BinaryFields;
import java.io.IOException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * {@link RoutedOffer}s on the route-offers repartition topic: a format byte ({@value #FORMAT}), the
 * previous home (a string as in {@link OfferSnapshotSerde}, -1 for none), then the offer snapshot in
 * {@link OfferSnapshotSerde}'s format. Hand-written for the reason that serde gives.
 */
public final class RoutedOfferSerde implements Serde<RoutedOffer> {

    static final byte FORMAT = 1;

    @Override
    public Serializer<RoutedOffer> serializer() {
        return (topic, value) -> {
            if (value == null) {
                return null;
            }
            BinaryFields.Writer out = new BinaryFields.Writer(OfferSnapshotSerde.EXPECTED_SIZE + 32);
            out.writeByte(FORMAT);
            out.writeString(value.previousHome());
            OfferSnapshotSerde.writeTo(out, value.offer());
            return out.toByteArray();
        };
    }

    @Override
    public Deserializer<RoutedOffer> deserializer() {
        return (topic, bytes) -> {
            if (bytes == null) {
                return null;
            }
            try {
                BinaryFields.Reader in = new BinaryFields.Reader(bytes);
                byte format = in.readByte();
                if (format != FORMAT) {
                    throw new IOException("unknown routed offer format " + format);
                }
                String previousHome = in.readString();
                return new RoutedOffer(OfferSnapshotSerde.readFrom(in), previousHome);
            } catch (IOException | RuntimeException e) {
                throw new SerializationException("cannot read a routed offer (" + bytes.length + " bytes)", e);
            }
        };
    }
}
