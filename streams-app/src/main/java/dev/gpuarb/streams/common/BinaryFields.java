package dev.gpuarb.streams.common;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutput;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Field encodings shared by the application's hand-written binary state formats (see
 * {@code OfferSnapshotSerde} for why they are hand-written): a string is its UTF-8 length (-1 for
 * null) then the bytes; an optional double a flag byte then the value; a decimal its scale then its
 * unscaled value as a length and two's-complement bytes; numbers big-endian, as Data streams write them.
 *
 * <p>Writing: static methods over any {@link DataOutput}, and the {@link Writer}, a DataOutput on a byte
 * array that every {@link BinaryFormatSerde} encodes into (the static methods hand it its own string
 * encoding). Reading: static methods over Data streams, and a {@link Reader} on a byte array for the
 * formats on routing's per-tick path, where the streams' per-byte calls were a visible cost.
 */
public final class BinaryFields {

    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    private BinaryFields() {}

    public static void writeString(DataOutput out, String s) throws IOException {
        if (out instanceof Writer writer) {
            writer.writeString(s);
            return;
        }
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

    public static void writeOptionalDouble(DataOutput out, Double value) throws IOException {
        out.writeBoolean(value != null);
        if (value != null) {
            out.writeDouble(value);
        }
    }

    public static Double readOptionalDouble(DataInputStream in) throws IOException {
        return in.readBoolean() ? in.readDouble() : null;
    }

    public static void writeOptionalLong(DataOutput out, Long value) throws IOException {
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

    public static void writeBytes(DataOutput out, byte[] bytes) throws IOException {
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

    public static void writeDecimal(DataOutput out, BigDecimal value) throws IOException {
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

    /**
     * Writes fields into a byte array that grows as needed, byte for byte as a DataOutputStream would. A
     * DataOutputStream over a ByteArrayOutputStream makes a synchronised call per number; this writes
     * straight into the array, and writes an ASCII string without encoding it into a new array first.
     */
    public static final class Writer implements DataOutput {

        private static final VarHandle SHORT =
                MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.BIG_ENDIAN);

        private byte[] bytes;
        private int size;

        /** @param expectedSize the usual size of a value, so most need no growing */
        public Writer(int expectedSize) {
            this.bytes = new byte[Math.max(16, expectedSize)];
        }

        @Override
        public void write(int b) {
            writeByte(b);
        }

        @Override
        public void write(byte[] b) {
            write(b, 0, b.length);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            room(len);
            System.arraycopy(b, off, bytes, size, len);
            size += len;
        }

        @Override
        public void writeByte(int value) {
            room(1);
            bytes[size++] = (byte) value;
        }

        @Override
        public void writeBoolean(boolean value) {
            writeByte(value ? 1 : 0);
        }

        @Override
        public void writeShort(int value) {
            room(Short.BYTES);
            SHORT.set(bytes, size, (short) value);
            size += Short.BYTES;
        }

        @Override
        public void writeChar(int value) {
            writeShort(value);
        }

        @Override
        public void writeInt(int value) {
            room(Integer.BYTES);
            INT.set(bytes, size, value);
            size += Integer.BYTES;
        }

        @Override
        public void writeLong(long value) {
            room(Long.BYTES);
            LONG.set(bytes, size, value);
            size += Long.BYTES;
        }

        @Override
        public void writeFloat(float value) {
            writeInt(Float.floatToIntBits(value));
        }

        /** As DataOutputStream writes it: every NaN as the one canonical NaN. */
        @Override
        public void writeDouble(double value) {
            writeLong(Double.doubleToLongBits(value));
        }

        /** Each char's low byte, as {@link DataOutput#writeBytes} says. */
        @Override
        public void writeBytes(String s) {
            room(s.length());
            for (int i = 0; i < s.length(); i++) {
                bytes[size++] = (byte) s.charAt(i);
            }
        }

        @Override
        public void writeChars(String s) {
            for (int i = 0; i < s.length(); i++) {
                writeChar(s.charAt(i));
            }
        }

        /** Modified UTF-8, which no format here uses: encoded by a DataOutputStream rather than by hand. */
        @Override
        public void writeUTF(String s) throws IOException {
            ByteArrayOutputStream utf = new ByteArrayOutputStream();
            new DataOutputStream(utf).writeUTF(s);
            write(utf.toByteArray());
        }

        /** The format's string: its UTF-8 length (-1 for null), then the bytes. */
        public void writeString(String s) {
            if (s == null) {
                writeInt(-1);
                return;
            }
            int length = s.length();
            room(Integer.BYTES + length);
            int start = size + Integer.BYTES;
            for (int i = 0; i < length; i++) {
                char c = s.charAt(i);
                if (c >= 0x80) {
                    writeEncoded(s); // not ASCII: its UTF-8 length differs from its char count
                    return;
                }
                bytes[start + i] = (byte) c;
            }
            writeInt(length);
            size += length;
        }

        private void writeEncoded(String s) {
            byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
            writeInt(utf8.length);
            write(utf8);
        }

        public void writeOptionalDouble(Double value) {
            writeBoolean(value != null);
            if (value != null) {
                writeDouble(value);
            }
        }

        /** Bytes written so far. */
        int size() {
            return size;
        }

        /** The capacity of the array it writes into. */
        int capacity() {
            return bytes.length;
        }

        /** Starts over, keeping the array. */
        public void reset() {
            size = 0;
        }

        public byte[] toByteArray() {
            return Arrays.copyOf(bytes, size);
        }

        private void room(int more) {
            if (size + more > bytes.length) {
                bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more));
            }
        }
    }

    /**
     * Reads fields from a byte array, as the Data stream methods read them; bytes after the last field
     * read are left alone. Running out of bytes is an {@link EOFException}.
     */
    public static final class Reader {

        private final byte[] bytes;
        private int position;

        public Reader(byte[] bytes) {
            this.bytes = bytes;
        }

        public int remaining() {
            return bytes.length - position;
        }

        public byte readByte() throws IOException {
            need(1);
            return bytes[position++];
        }

        public boolean readBoolean() throws IOException {
            return readByte() != 0;
        }

        public int readInt() throws IOException {
            need(Integer.BYTES);
            int value = (int) INT.get(bytes, position);
            position += Integer.BYTES;
            return value;
        }

        public long readLong() throws IOException {
            need(Long.BYTES);
            long value = (long) LONG.get(bytes, position);
            position += Long.BYTES;
            return value;
        }

        public double readDouble() throws IOException {
            return Double.longBitsToDouble(readLong());
        }

        /** Decoded straight from the array, with no copy of its bytes first. */
        public String readString() throws IOException {
            int length = readInt();
            if (length == -1) {
                return null;
            }
            if (length < 0 || length > remaining()) {
                throw new IOException("bad string length " + length);
            }
            String s = new String(bytes, position, length, StandardCharsets.UTF_8);
            position += length;
            return s;
        }

        public Double readOptionalDouble() throws IOException {
            return readBoolean() ? readDouble() : null;
        }

        /** As {@link BinaryFields#readCount}. */
        public int readCount(int minBytesPerItem) throws IOException {
            int count = readInt();
            if (count < 0 || (long) count * minBytesPerItem > remaining()) {
                throw new IOException("bad count " + count);
            }
            return count;
        }

        private void need(int count) throws EOFException {
            if (count > remaining()) {
                throw new EOFException("needs " + count + " more bytes at " + position + " of " + bytes.length);
            }
        }
    }
}
