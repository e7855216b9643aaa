package dev.gpuarb.streams.routing;

import dev.gpuarb.streams.common.BinaryFields;
import dev.gpuarb.streams.common.JsonSerde;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Offer snapshots in a compact binary form: every price tick goes through it twice on routing's path
 * (the repartition into the route engine, then the engine's offer store), where JSON was a visible
 * share of the time. No library is used because the format is a fixed list of fields that only this
 * application reads; its first byte is a format version so it can change.
 *
 * <p>Format {@value #FORMAT}: the format byte; offer id, kind, provider, region, zone, product, GPU
 * model, pricing model (strings); GPU memory and count (ints); USD per GPU-hour, per million input and
 * output tokens (doubles); the tags (count, then strings); observedAt (long); validUntil (a flag byte,
 * then a long when present); the status code (L, E or W); since format 2 the reliability (a flag
 * byte, then a double when present; format 1 reads as none). Strings are a length (-1 for null) and UTF-8
 * bytes; numbers are big-endian. Values whose first byte is '{' are JSON from earlier versions and are
 * read as such, so existing stores and changelogs stay readable.
 */
public final class OfferSnapshotSerde implements Serde<OfferSnapshot> {

    static final byte FORMAT = 2;
    /** Before the reliability score: still read, so that stores and changelogs written by it stay readable. */
    static final byte FORMAT_WITHOUT_RELIABILITY = 1;

    private static final JsonSerde<OfferSnapshot> JSON = JsonSerde.of(OfferSnapshot.class);

    @Override
    public Serializer<OfferSnapshot> serializer() {
        return (topic, value) -> value == null ? null : write(value);
    }

    @Override
    public Deserializer<OfferSnapshot> deserializer() {
        return (topic, bytes) -> {
            if (bytes == null) {
                return null;
            }
            if (bytes.length > 0 && bytes[0] == '{') {
                return JSON.deserializer().deserialize(topic, bytes);
            }
            try {
                return read(bytes);
            } catch (IOException | RuntimeException e) {
                throw new SerializationException("cannot read an offer snapshot (" + bytes.length + " bytes)", e);
            }
        };
    }

    static byte[] write(OfferSnapshot o) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(160);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            writeTo(out, o);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a ByteArrayOutputStream does not fail
        }
        return bytes.toByteArray();
    }

    /** Writes the snapshot, format byte first, into a longer record (see {@link RoutedOfferSerde}). */
    static void writeTo(DataOutputStream out, OfferSnapshot o) throws IOException {
        out.writeByte(FORMAT);
        for (String s : new String[] {
            o.offerId(), o.kind(), o.provider(), o.region(), o.zone(), o.product(), o.gpuModel(), o.pricingModel()
        }) {
            writeString(out, s);
        }
        out.writeInt(o.gpuMemoryGb());
        out.writeInt(o.gpuCount());
        out.writeDouble(o.usdPerGpuHour());
        out.writeDouble(o.usdPerMillionInput());
        out.writeDouble(o.usdPerMillionOutput());
        List<String> tags = o.tags() == null ? List.of() : o.tags();
        out.writeInt(tags.size());
        for (String tag : tags) {
            writeString(out, tag);
        }
        out.writeLong(o.observedAt());
        out.writeBoolean(o.validUntil() != null);
        if (o.validUntil() != null) {
            out.writeLong(o.validUntil());
        }
        out.writeByte(
                switch (o.status()) {
                    case LIVE -> 'L';
                    case EXPIRED -> 'E';
                    case WITHDRAWN -> 'W';
                });
        out.writeBoolean(o.reliability() != null);
        if (o.reliability() != null) {
            out.writeDouble(o.reliability());
        }
    }

    static OfferSnapshot read(byte[] bytes) throws IOException {
        return readFrom(new DataInputStream(new ByteArrayInputStream(bytes)), bytes.length);
    }

    /** Reads what {@link #writeTo} wrote; {@code limit} bounds counts read from the bytes. */
    static OfferSnapshot readFrom(DataInputStream in, int limit) throws IOException {
        byte format = in.readByte();
        if (format != FORMAT && format != FORMAT_WITHOUT_RELIABILITY) {
            throw new IOException("unknown offer snapshot format " + format);
        }
        String offerId = readString(in);
        String kind = readString(in);
        String provider = readString(in);
        String region = readString(in);
        String zone = readString(in);
        String product = readString(in);
        String gpuModel = readString(in);
        String pricingModel = readString(in);
        int memory = in.readInt();
        int count = in.readInt();
        double perGpuHour = in.readDouble();
        double input = in.readDouble();
        double output = in.readDouble();
        int tagCount = in.readInt();
        if (tagCount < 0 || tagCount > limit) {
            throw new IOException("bad tag count " + tagCount);
        }
        List<String> tags = new ArrayList<>(tagCount);
        for (int i = 0; i < tagCount; i++) {
            tags.add(readString(in));
        }
        long observedAt = in.readLong();
        Long validUntil = in.readBoolean() ? in.readLong() : null;
        OfferSnapshot.Status status = switch (in.readByte()) {
            case 'L' -> OfferSnapshot.Status.LIVE;
            case 'E' -> OfferSnapshot.Status.EXPIRED;
            case 'W' -> OfferSnapshot.Status.WITHDRAWN;
            default -> throw new IOException("unknown offer status code");
        };
        Double reliability = format == FORMAT && in.readBoolean() ? in.readDouble() : null;
        return new OfferSnapshot(
                offerId,
                kind,
                provider,
                region,
                zone,
                product,
                gpuModel,
                memory,
                count,
                pricingModel,
                perGpuHour,
                input,
                output,
                List.copyOf(tags),
                observedAt,
                validUntil,
                status,
                reliability);
    }

    static void writeString(DataOutputStream out, String s) throws IOException {
        BinaryFields.writeString(out, s);
    }

    static String readString(DataInputStream in) throws IOException {
        return BinaryFields.readString(in);
    }
}
