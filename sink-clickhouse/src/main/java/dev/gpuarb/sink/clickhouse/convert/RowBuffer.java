package dev.gpuarb.sink.clickhouse.convert;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The bytes of one row while it is written, reused from row to row. Unlike ByteArrayOutputStream it
 * takes no lock per write, which mattered: a row is written a byte or a few at a time.
 */
final class RowBuffer extends OutputStream {

    private byte[] buf = new byte[512];
    private int size;

    void reset() {
        size = 0;
    }

    byte[] toByteArray() {
        return Arrays.copyOf(buf, size);
    }

    @Override
    public void write(int b) {
        ensure(1);
        buf[size++] = (byte) b;
    }

    @Override
    public void write(byte[] b, int off, int len) {
        ensure(len);
        System.arraycopy(b, off, buf, size, len);
        size += len;
    }

    /** An unsigned LEB128 number: lengths of strings, arrays and maps. */
    void writeVarInt(int v) {
        while ((v & ~0x7F) != 0) {
            write((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        write(v);
    }

    /** The low {@code bytes} bytes of {@code v}, little-endian. */
    void writeLittleEndian(long v, int bytes) {
        ensure(bytes);
        for (int i = 0; i < bytes; i++) {
            buf[size++] = (byte) v;
            v >>>= 8;
        }
    }

    /** UTF-8 bytes preceded by their length. */
    void writeString(String s) {
        int n = s.length();
        for (int i = 0; i < n; i++) {
            if (s.charAt(i) >= 0x80) {
                byte[] b = s.getBytes(StandardCharsets.UTF_8);
                writeVarInt(b.length);
                write(b, 0, b.length);
                return;
            }
        }
        // ASCII, as nearly every value here: its UTF-8 is its chars, copied without an intermediate array.
        writeVarInt(n);
        ensure(n);
        for (int i = 0; i < n; i++) {
            buf[size++] = (byte) s.charAt(i);
        }
    }

    private void ensure(int more) {
        if (size + more > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + more));
        }
    }
}
