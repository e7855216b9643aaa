package dev.gpuarb.streams.spreads;

import dev.gpuarb.streams.common.JsonSerde;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
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
        // Sized first and written into one buffer: ByteArrayOutputStream and DataOutputStream lock per
        // call, which showed in profiles of this path.
        byte[] sketch = acc.offers().bytes();
        List<byte[]> strings = new ArrayList<>(3 + 3 * acc.byRegionProvider().size());
        List<byte[]> sums = new ArrayList<>(acc.byRegionProvider().size());
        int size = 1 + utf8(strings, acc.kind()) + utf8(strings, acc.product()) + utf8(strings, acc.pricingModel()) + 4;
        for (Map.Entry<String, RegionProviderStats> e : acc.byRegionProvider().entrySet()) {
            size += utf8(strings, e.getKey()) + utf8(strings, e.getValue().region()) + utf8(strings, e.getValue().provider());
            byte[] unscaled = e.getValue().sum().unscaledValue().toByteArray();
            sums.add(unscaled);
            size += 8 + 8 + 4 + 4 + unscaled.length + 4;
        }
        size += 4 + sketch.length;
        ByteBuffer out = ByteBuffer.allocate(size);
        Iterator<byte[]> string = strings.iterator();
        Iterator<byte[]> sum = sums.iterator();
        out.put(FORMAT);
        putString(out, string.next());
        putString(out, string.next());
        putString(out, string.next());
        out.putInt(acc.byRegionProvider().size());
        for (RegionProviderStats s : acc.byRegionProvider().values()) {
            putString(out, string.next());
            putString(out, string.next());
            putString(out, string.next());
            out.putDouble(s.min());
            out.putDouble(s.max());
            out.putInt(s.sum().scale());
            byte[] unscaled = sum.next();
            out.putInt(unscaled.length);
            out.put(unscaled);
            out.putInt(s.count());
        }
        out.putInt(sketch.length);
        out.put(sketch);
        return out.array();
    }

    static SpreadAccumulator read(byte[] bytes) {
        if (bytes.length == 0 || bytes[0] != FORMAT) {
            throw new SerializationException("spread aggregate state has format "
                    + (bytes.length == 0 ? "(empty)" : Byte.toString(bytes[0])) + "; this version reads format " + FORMAT + " and JSON");
        }
        ByteBuffer in = ByteBuffer.wrap(bytes, 1, bytes.length - 1);
        try {
            String kind = readString(in);
            String product = readString(in);
            String pricingModel = readString(in);
            int entries = readLength(in, "region/provider entries");
            TreeMap<String, RegionProviderStats> stats = new TreeMap<>();
            for (int i = 0; i < entries; i++) {
                String key = readString(in);
                String region = readString(in);
                String provider = readString(in);
                double min = in.getDouble();
                double max = in.getDouble();
                int scale = in.getInt();
                BigDecimal sum = new BigDecimal(new BigInteger(readBytes(in, "sum")), scale);
                stats.put(key, new RegionProviderStats(region, provider, min, max, sum, in.getInt()));
            }
            DistinctOffers offers = DistinctOffers.fromBytes(readBytes(in, "sketch"));
            if (in.hasRemaining()) {
                throw new SerializationException("spread aggregate state has " + in.remaining() + " bytes after its end");
            }
            return new SpreadAccumulator(kind, product, pricingModel, stats, offers);
        } catch (SerializationException e) {
            throw e;
        } catch (RuntimeException e) {
            // Truncation (buffer underflow) or a sketch the sketch library rejects: either way not an aggregate.
            throw new SerializationException("spread aggregate state is truncated or corrupt (" + bytes.length + " bytes)", e);
        }
    }

    /** Adds the string's UTF-8 bytes (null for null) to the list; returns the bytes it will take. */
    private static int utf8(List<byte[]> strings, String s) {
        byte[] utf8 = s == null ? null : s.getBytes(StandardCharsets.UTF_8);
        strings.add(utf8);
        return 4 + (utf8 == null ? 0 : utf8.length);
    }

    private static void putString(ByteBuffer out, byte[] utf8) {
        if (utf8 == null) {
            out.putInt(-1);
        } else {
            out.putInt(utf8.length);
            out.put(utf8);
        }
    }

    private static String readString(ByteBuffer in) {
        int length = in.getInt();
        if (length == -1) {
            return null;
        }
        checkLength(in, length, "string");
        String s = new String(in.array(), in.arrayOffset() + in.position(), length, StandardCharsets.UTF_8);
        in.position(in.position() + length);
        return s;
    }

    private static byte[] readBytes(ByteBuffer in, String what) {
        int length = in.getInt();
        checkLength(in, length, what);
        byte[] bytes = new byte[length];
        in.get(bytes);
        return bytes;
    }

    private static void checkLength(ByteBuffer in, int length, String what) {
        if (length < 0 || length > in.remaining()) {
            throw new SerializationException("spread aggregate state: " + what + " length " + length
                    + " does not fit the " + in.remaining() + " remaining bytes");
        }
    }

    private static int readLength(ByteBuffer in, String what) {
        int n = in.getInt();
        if (n < 0 || n > in.remaining()) {
            throw new SerializationException("spread aggregate state: " + what + " count " + n + " is out of range");
        }
        return n;
    }
}
