package dev.gpuarb.streams.routing;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
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
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(180);
            try (DataOutputStream out = new DataOutputStream(bytes)) {
                out.writeByte(FORMAT);
                OfferSnapshotSerde.writeString(out, value.previousHome());
                OfferSnapshotSerde.writeTo(out, value.offer());
            } catch (IOException e) {
                throw new UncheckedIOException(e); // a ByteArrayOutputStream does not fail
            }
            return bytes.toByteArray();
        };
    }

    @Override
    public Deserializer<RoutedOffer> deserializer() {
        return (topic, bytes) -> {
            if (bytes == null) {
                return null;
            }
            try {
                DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes));
                byte format = in.readByte();
                if (format != FORMAT) {
                    throw new IOException("unknown routed offer format " + format);
                }
                String previousHome = OfferSnapshotSerde.readString(in);
                return new RoutedOffer(OfferSnapshotSerde.readFrom(in, bytes.length), previousHome);
            } catch (IOException | RuntimeException e) {
                throw new SerializationException("cannot read a routed offer (" + bytes.length + " bytes)", e);
            }
        };
    }
}
