package dev.gpuarb.streams.common;

import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * A serde that writes a value it read, still the same object, as the bytes it was read from instead of
 * encoding it again: a price that validation passes on as it came is stored as it arrived. Anything else
 * (another object, even an equal one; a copy with changes) is encoded by the wrapped serde.
 *
 * <p>What it remembers is per thread, and only the last {@value #REMEMBERED} values that thread read, so
 * a value is found only where it is written on the thread that read it, as a Streams task does. Kafka
 * Streams reads the next record of a partition before it processes the current one, and a processor may
 * read its store in between, hence more than one. A value is found by identity, never by equality, and
 * the remembered values are held strongly, so no other object can ever be taken for one of them.
 *
 * <p>The bytes stand for the value as it was read: nothing may change a value in place between reading
 * and writing it (generated Avro records have setters; the application builds changed copies instead).
 */
public final class UnchangedBytesSerde<T> implements Serde<T> {

    /** Enough for the records read ahead and the store reads between reading a record and writing it. */
    static final int REMEMBERED = 16;

    private final Serde<T> codec;
    private final ThreadLocal<Recent> recent = ThreadLocal.withInitial(Recent::new);
    private final Serializer<T> serializer = new Writer();
    private final Deserializer<T> deserializer = new Reader();

    public UnchangedBytesSerde(Serde<T> codec) {
        this.codec = codec;
    }

    @Override
    public Serializer<T> serializer() {
        return serializer;
    }

    @Override
    public Deserializer<T> deserializer() {
        return deserializer;
    }

    @Override
    public void close() {
        codec.close();
    }

    private final class Writer implements Serializer<T> {
        @Override
        public byte[] serialize(String topic, T value) {
            byte[] read = readFrom(value);
            return read != null ? read : codec.serializer().serialize(topic, value);
        }

        @Override
        public byte[] serialize(String topic, Headers headers, T value) {
            byte[] read = readFrom(value);
            return read != null ? read : codec.serializer().serialize(topic, headers, value);
        }

        /** A copy, so that whoever gets the bytes owns them and the remembered ones stay as read. */
        private byte[] readFrom(T value) {
            byte[] read = value == null ? null : recent.get().bytesOf(value);
            return read == null ? null : read.clone();
        }
    }

    private final class Reader implements Deserializer<T> {
        @Override
        public T deserialize(String topic, byte[] data) {
            return remembered(codec.deserializer().deserialize(topic, data), data);
        }

        @Override
        public T deserialize(String topic, Headers headers, byte[] data) {
            return remembered(codec.deserializer().deserialize(topic, headers, data), data);
        }

        /** Keeps a copy: a caller may reuse its array for the next record. */
        private T remembered(T value, byte[] data) {
            if (value != null) {
                recent.get().add(value, data.clone());
            }
            return value;
        }
    }

    /** The last values one thread read and their bytes, in a ring; searched newest first. */
    private static final class Recent {
        private final Object[] values = new Object[REMEMBERED];
        private final byte[][] bytes = new byte[REMEMBERED][];
        private int next;

        void add(Object value, byte[] data) {
            values[next] = value;
            bytes[next] = data;
            next = (next + 1) % REMEMBERED;
        }

        byte[] bytesOf(Object value) {
            for (int i = 1; i <= REMEMBERED; i++) {
                int slot = (next - i + REMEMBERED) % REMEMBERED;
                if (values[slot] == value) {
                    return bytes[slot];
                }
            }
            return null;
        }
    }
}
