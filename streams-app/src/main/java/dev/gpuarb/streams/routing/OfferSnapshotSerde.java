package dev.gpuarb.streams.routing;

import dev.gpuarb.streams.common.BinaryFields;
import dev.gpuarb.streams.common.JsonSerde;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
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
 * read as such, so existing stores and changelogs stay readable. Written and read on the byte array
 * itself ({@link BinaryFields.Writer}, {@link BinaryFields.Reader}), not through Data streams.
 */
public final class OfferSnapshotSerde implements Serde<OfferSnapshot> {

    static final byte FORMAT = 2;
    /** Before the reliability score: still read, so that stores and changelogs written by it stay readable. */
    static final byte FORMAT_WITHOUT_RELIABILITY = 1;
    /** The usual size of a snapshot or more, so that most are written with no growing of the array. */
    static final int EXPECTED_SIZE = 256;

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
        BinaryFields.Writer out = new BinaryFields.Writer(EXPECTED_SIZE);
        writeTo(out, o);
        return out.toByteArray();
    }

    /** Writes the snapshot, format byte first, into a longer record (see {@link RoutedOfferSerde}). */
    static void writeTo(BinaryFields.Writer out, OfferSnapshot o) {
        out.writeByte(FORMAT);
        out.writeString(o.offerId());
        out.writeString(o.kind());
        out.writeString(o.provider());
        out.writeString(o.region());
        out.writeString(o.zone());
        out.writeString(o.product());
        out.writeString(o.gpuModel());
        out.writeString(o.pricingModel());
        out.writeInt(o.gpuMemoryGb());
        out.writeInt(o.gpuCount());
        out.writeDouble(o.usdPerGpuHour());
        out.writeDouble(o.usdPerMillionInput());
        out.writeDouble(o.usdPerMillionOutput());
        List<String> tags = o.tags() == null ? List.of() : o.tags();
        out.writeInt(tags.size());
        for (String tag : tags) {
            out.writeString(tag);
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
        out.writeOptionalDouble(o.reliability());
    }

    static OfferSnapshot read(byte[] bytes) throws IOException {
        return readFrom(new BinaryFields.Reader(bytes));
    }

    /** Reads what {@link #writeTo} wrote. */
    static OfferSnapshot readFrom(BinaryFields.Reader in) throws IOException {
        byte format = in.readByte();
        if (format != FORMAT && format != FORMAT_WITHOUT_RELIABILITY) {
            throw new IOException("unknown offer snapshot format " + format);
        }
        String offerId = in.readString();
        String kind = in.readString();
        String provider = in.readString();
        String region = in.readString();
        String zone = in.readString();
        String product = in.readString();
        String gpuModel = in.readString();
        String pricingModel = in.readString();
        int memory = in.readInt();
        int count = in.readInt();
        double perGpuHour = in.readDouble();
        double input = in.readDouble();
        double output = in.readDouble();
        int tagCount = in.readCount(Integer.BYTES); // a tag is at least its length
        String[] tags = new String[tagCount];
        for (int i = 0; i < tagCount; i++) {
            tags[i] = in.readString();
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
                List.of(tags),
                observedAt,
                validUntil,
                status,
                reliability);
    }

    /** For the formats that still write through Data streams ({@link RouteCommandSerde}). */
    static void writeString(DataOutputStream out, String s) throws IOException {
        BinaryFields.writeString(out, s);
    }

    static String readString(DataInputStream in) throws IOException {
        return BinaryFields.readString(in);
    }
}
