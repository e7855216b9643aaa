package dev.gpuarb.streams.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutput;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class BinaryFormatSerdeTest {

    /** Writes a count, then the longs. */
    static final class Longs extends BinaryFormatSerde<long[]> {
        Longs() {
            super((byte) 7, "longs");
        }

        @Override
        protected void write(DataOutput out, long[] value) throws IOException {
            out.writeInt(value.length);
            for (long v : value) {
                out.writeLong(v);
            }
        }

        @Override
        protected long[] read(DataInputStream in) throws IOException {
            long[] v = new long[in.readInt()];
            for (int i = 0; i < v.length; i++) {
                v[i] = in.readLong();
            }
            return v;
        }
    }

    /** Writes another serde's bytes of the value inside its own: a serializer called while one is writing. */
    static final class Nested extends BinaryFormatSerde<long[]> {
        private final Longs inner = new Longs();

        Nested() {
            super((byte) 8, "nested longs");
        }

        @Override
        protected void write(DataOutput out, long[] value) throws IOException {
            out.writeLong(-1);
            byte[] innerBytes = inner.serializer().serialize("t", value);
            out.writeInt(innerBytes.length);
            out.write(innerBytes);
            out.writeLong(-2);
        }

        @Override
        protected long[] read(DataInputStream in) throws IOException {
            in.readLong();
            byte[] innerBytes = in.readNBytes(in.readInt());
            in.readLong();
            return inner.deserializer().deserialize("t", innerBytes);
        }
    }

    /** The bytes as a fresh stream writes them: the format byte, the count, the longs. */
    private static byte[] expected(long[] value) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutput out = new DataOutputStream(bytes);
        out.writeByte(7);
        out.writeInt(value.length);
        for (long v : value) {
            out.writeLong(v);
        }
        return bytes.toByteArray();
    }

    private static long[] randomLongs(Random random, int n) {
        long[] v = new long[n];
        for (int i = 0; i < n; i++) {
            v[i] = random.nextLong();
        }
        return v;
    }

    @Test
    void aReusedBufferGivesEachValueExactlyItsOwnBytes() throws Exception {
        Longs serde = new Longs();
        Random random = new Random(42);
        // Large after small after large: nothing of a longer value may linger after a shorter one.
        for (int n : new int[] {3, 5_000, 1, 0, 40_000, 2, 200_000, 7}) {
            long[] value = randomLongs(random, n);
            byte[] bytes = serde.serializer().serialize("t", value);
            assertThat(bytes).isEqualTo(expected(value));
            assertThat(serde.deserializer().deserialize("t", bytes)).isEqualTo(value);
        }
        assertThat(serde.serializer().serialize("t", null)).isNull();
    }

    @Test
    void aValueWrittenWhileAnotherIsBeingWrittenKeepsBoth() throws Exception {
        Nested serde = new Nested();
        long[] value = randomLongs(new Random(7), 100);
        byte[] bytes = serde.serializer().serialize("t", value);
        DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(bytes));
        assertThat(in.readByte()).isEqualTo((byte) 8);
        assertThat(in.readLong()).isEqualTo(-1);
        assertThat(in.readNBytes(in.readInt())).isEqualTo(expected(value));
        assertThat(in.readLong()).isEqualTo(-2);
        assertThat(in.available()).isZero();
        // The thread's buffer is free again afterwards.
        assertThat(new Longs().serializer().serialize("t", value)).isEqualTo(expected(value));
    }

    @Test
    void threadsDoNotShareABuffer() throws Exception {
        Longs serde = new Longs();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Boolean>> checks = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int seed = t;
                checks.add(pool.submit(() -> {
                    Random random = new Random(seed);
                    for (int i = 0; i < 2_000; i++) {
                        long[] value = randomLongs(random, random.nextInt(300));
                        if (!java.util.Arrays.equals(serde.serializer().serialize("t", value), expected(value))) {
                            return false;
                        }
                    }
                    return true;
                }));
            }
            for (Future<Boolean> check : checks) {
                assertThat(check.get()).isTrue();
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
