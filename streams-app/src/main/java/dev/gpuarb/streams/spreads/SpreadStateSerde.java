package dev.gpuarb.streams.spreads;

import dev.gpuarb.streams.common.JsonSerde;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The spread aggregate's state in a compact binary form. Each price reads and rewrites the aggregate
 * of every overlapping window it falls in, so this serde sits on the topology's hottest path; as
 * JSON, its base64 sketch and the decimal text of the exact sums were most of the application's CPU
 * time (see benchmarks/RESULTS.md). Here the sketch is written as its own bytes and each sum as the
 * two's-complement bytes of its unscaled value plus its scale, which needs no radix conversion.
 *
 * <p>Format {@value #FORMAT}: the format byte, then kind, product and pricing model (strings), the
 * number of region/provider entries and per entry its key, region, provider, min, max, sum (scale,
 * then the unscaled value's length and bytes) and count, then the sketch's length and bytes. Strings
 * are a length (-1 for null) and UTF-8 bytes; numbers are big-endian. Entries are in key order, so equal
 * aggregates give equal bytes. Values whose first byte is '{' are JSON written by earlier versions and
 * are read as such (including the older list of offer ids), so existing stores and changelogs stay readable.
 */
public final class SpreadStateSerde implements Serde<SpreadAccumulator> {

    static final byte FORMAT = 1;
    private static final JsonSerde<SpreadAccumulator> JSON = JsonSerde.of(SpreadAccumulator.class);

    @Override
    public Serializer<SpreadAccumulator> serializer() {
        return (topic, value) -> value == null ? null : write(value);
    }

    @Override
    public Deserializer<SpreadAccumulator> deserializer() {
        return (topic, bytes) -> {
            if (bytes == null) {
                return null;
            }
            if (bytes.length > 0 && bytes[0] == '{') {
                return JSON.deserializer().deserialize(topic, bytes);
            }
            return read(bytes);
        };
    }

    static byte[] write(SpreadAccumulator acc) {
        byte[] sketch = acc.offers().bytes();
        ByteArrayOutputStream buffer = new ByteArrayOutputStream(256 + 96 * acc.byRegionProvider().size() + sketch.length);
        try (DataOutputStream out = new DataOutputStream(buffer)) {
            out.writeByte(FORMAT);
            writeString(out, acc.kind());
            writeString(out, acc.product());
            writeString(out, acc.pricingModel());
            out.writeInt(acc.byRegionProvider().size());
            for (Map.Entry<String, RegionProviderStats> e : acc.byRegionProvider().entrySet()) {
                RegionProviderStats s = e.getValue();
                writeString(out, e.getKey());
                writeString(out, s.region());
                writeString(out, s.provider());
                out.writeDouble(s.min());
                out.writeDouble(s.max());
                out.writeInt(s.sum().scale());
                byte[] unscaled = s.sum().unscaledValue().toByteArray();
                out.writeInt(unscaled.length);
                out.write(unscaled);
                out.writeInt(s.count());
            }
            out.writeInt(sketch.length);
            out.write(sketch);
        } catch (IOException e) {
            throw new SerializationException("cannot write the spread aggregate", e); // in-memory stream: not expected
        }
        return buffer.toByteArray();
    }

    static SpreadAccumulator read(byte[] bytes) {
        if (bytes.length == 0 || bytes[0] != FORMAT) {
            throw new SerializationException("spread aggregate state has format "
                    + (bytes.length == 0 ? "(empty)" : Byte.toString(bytes[0])) + "; this version reads format " + FORMAT + " and JSON");
        }
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes, 1, bytes.length - 1))) {
            String kind = readString(in);
            String product = readString(in);
            String pricingModel = readString(in);
            int entries = readLength(in, "region/provider entries");
            TreeMap<String, RegionProviderStats> stats = new TreeMap<>();
            for (int i = 0; i < entries; i++) {
                String key = readString(in);
                String region = readString(in);
                String provider = readString(in);
                double min = in.readDouble();
                double max = in.readDouble();
                int scale = in.readInt();
                BigDecimal sum = new BigDecimal(new BigInteger(readBytes(in, "sum")), scale);
                stats.put(key, new RegionProviderStats(region, provider, min, max, sum, in.readInt()));
            }
            DistinctOffers offers = DistinctOffers.fromBytes(readBytes(in, "sketch"));
            if (in.available() > 0) {
                throw new SerializationException("spread aggregate state has " + in.available() + " bytes after its end");
            }
            return new SpreadAccumulator(kind, product, pricingModel, stats, offers);
        } catch (SerializationException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            // Truncation (EOF) or a sketch the sketch library rejects: either way the bytes are not an aggregate.
            throw new SerializationException("spread aggregate state is truncated or corrupt (" + bytes.length + " bytes)", e);
        }
    }

    private static void writeString(DataOutputStream out, String s) throws IOException {
        if (s == null) {
            out.writeInt(-1);
            return;
        }
        byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(utf8.length);
        out.write(utf8);
    }

    private static String readString(DataInputStream in) throws IOException {
        int length = in.readInt();
        if (length == -1) {
            return null;
        }
        return new String(readBytes(in, length, "string"), StandardCharsets.UTF_8);
    }

    private static byte[] readBytes(DataInputStream in, String what) throws IOException {
        return readBytes(in, readLength(in, what), what);
    }

    private static byte[] readBytes(DataInputStream in, int length, String what) throws IOException {
        if (length < 0 || length > in.available()) {
            throw new SerializationException("spread aggregate state: " + what + " length " + length
                    + " does not fit the " + in.available() + " remaining bytes");
        }
        return in.readNBytes(length);
    }

    private static int readLength(DataInputStream in, String what) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > in.available()) {
            throw new SerializationException("spread aggregate state: " + what + " count " + n + " is out of range");
        }
        return n;
    }
}
