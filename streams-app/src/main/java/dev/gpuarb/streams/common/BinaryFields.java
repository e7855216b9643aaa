package dev.gpuarb.streams.common;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;

/**
 * Field encodings shared by the application's hand-written binary state formats (see
 * {@code OfferSnapshotSerde} for why they are hand-written): a string is its UTF-8 length (-1 for
 * null) then the bytes; an optional double a flag byte then the value; a decimal its scale then its
 * unscaled value as a length and two's-complement bytes; numbers big-endian.
 */
public final class BinaryFields {

    private BinaryFields() {}

    public static void writeString(DataOutputStream out, String s) throws IOException {
        if (s == null) {
            out.writeInt(-1);
            return;
        }
        byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(utf8.length);
        out.write(utf8);
    }

    public static String readString(DataInputStream in) throws IOException {
        int length = in.readInt();
        if (length == -1) {
            return null;
        }
        if (length < 0 || length > in.available()) {
            throw new IOException("bad string length " + length);
        }
        return new String(exactly(in, length), StandardCharsets.UTF_8);
    }

    /**
     * The next {@code length} bytes (the caller has checked that many remain). {@code readFully} into an
     * array of that size: {@code readNBytes} sizes its own buffer, then asks the stream for more, one
     * synchronised call into ByteArrayInputStream per read, a visible cost on routing's per-tick path.
     */
    private static byte[] exactly(DataInputStream in, int length) throws IOException {
        byte[] bytes = new byte[length];
        in.readFully(bytes);
        return bytes;
    }

    public static void writeOptionalDouble(DataOutputStream out, Double value) throws IOException {
        out.writeBoolean(value != null);
        if (value != null) {
            out.writeDouble(value);
        }
    }

    public static Double readOptionalDouble(DataInputStream in) throws IOException {
        return in.readBoolean() ? in.readDouble() : null;
    }

    public static void writeOptionalLong(DataOutputStream out, Long value) throws IOException {
        out.writeBoolean(value != null);
        if (value != null) {
            out.writeLong(value);
        }
    }

    public static Long readOptionalLong(DataInputStream in) throws IOException {
        return in.readBoolean() ? in.readLong() : null;
    }

    /** A count read back, checked against what is left so a corrupt value cannot allocate without bound. */
    public static int readCount(DataInputStream in, int minBytesPerItem) throws IOException {
        int count = in.readInt();
        if (count < 0 || (long) count * minBytesPerItem > in.available()) {
            throw new IOException("bad count " + count);
        }
        return count;
    }

    public static void writeBytes(DataOutputStream out, byte[] bytes) throws IOException {
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    public static byte[] readBytes(DataInputStream in) throws IOException {
        int length = in.readInt();
        if (length < 0 || length > in.available()) {
            throw new IOException("bad byte length " + length);
        }
        return exactly(in, length);
    }

    public static void writeDecimal(DataOutputStream out, BigDecimal value) throws IOException {
        out.writeInt(value.scale());
        writeBytes(out, value.unscaledValue().toByteArray());
    }

    public static BigDecimal readDecimal(DataInputStream in) throws IOException {
        int scale = in.readInt();
        byte[] unscaled = readBytes(in);
        if (unscaled.length == 0) {
            throw new IOException("a decimal without digits");
        }
        return new BigDecimal(new BigInteger(unscaled), scale);
    }
}
