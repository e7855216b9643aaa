package dev.gpuarb.streams.common;

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
 * The frame of a hand-written binary state format: a format byte, then the fields a subclass writes
 * with {@link BinaryFields}; null stays null, and anything unreadable becomes a SerializationException
 * naming what was being read.
 */
public abstract class BinaryFormatSerde<T> implements Serde<T> {

    private final byte format;
    private final String what;

    protected BinaryFormatSerde(byte format, String what) {
        this.format = format;
        this.what = what;
    }

    protected abstract void write(DataOutputStream out, T value) throws IOException;

    protected abstract T read(DataInputStream in) throws IOException;

    @Override
    public Serializer<T> serializer() {
        return (topic, value) -> {
            if (value == null) {
                return null;
            }
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
            try (DataOutputStream out = new DataOutputStream(bytes)) {
                out.writeByte(format);
                write(out, value);
            } catch (IOException e) {
                throw new UncheckedIOException(e); // a ByteArrayOutputStream does not fail
            }
            return bytes.toByteArray();
        };
    }

    @Override
    public Deserializer<T> deserializer() {
        return (topic, bytes) -> {
            if (bytes == null) {
                return null;
            }
            try {
                DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes));
                byte found = in.readByte();
                if (found != format) {
                    throw new IOException("unknown " + what + " format " + found);
                }
                return read(in);
            } catch (IOException | RuntimeException e) {
                throw new SerializationException("cannot read a " + what + " (" + bytes.length + " bytes)", e);
            }
        };
    }
}
