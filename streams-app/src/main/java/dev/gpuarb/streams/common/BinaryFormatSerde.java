package dev.gpuarb.streams.common;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.DataOutput;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The frame of a hand-written binary state format: a format byte, then the fields a subclass writes
 * with {@link BinaryFields}; null stays null, and anything unreadable becomes a SerializationException
 * naming what was being read. A format that replaced JSON ({@link #readingLegacyJson}) still reads the
 * values earlier versions wrote: those start with '{', which is never a format byte.
 */
public abstract class BinaryFormatSerde<T> implements Serde<T> {

    private static final byte JSON_START = '{';

    /**
     * A thread's encoder keeps its buffer, so that a value of a few KB (a spot history, an offer timeline,
     * rewritten on every price of their offer) is not grown from a small buffer by doubling on each write:
     * those copies were a visible share of analytics' stream thread. A buffer grown past this is dropped after use.
     */
    static final int KEPT_BUFFER_BYTES = 1 << 20;

    private static final ThreadLocal<Encoder> ENCODERS = ThreadLocal.withInitial(Encoder::new);

    private final byte format;
    private final String what;
    private Deserializer<T> legacyJson;

    protected BinaryFormatSerde(byte format, String what) {
        if (format == JSON_START) {
            throw new IllegalArgumentException("format " + format + " cannot be told from JSON");
        }
        this.format = format;
        this.what = what;
    }

    /** Values that start with '{' are read as the JSON of {@code type} that {@link JsonSerde} wrote. */
    protected final void readingLegacyJson(Class<T> type) {
        this.legacyJson = JsonSerde.of(type).deserializer();
    }

    protected abstract void write(DataOutput out, T value) throws IOException;

    protected abstract T read(DataInputStream in) throws IOException;

    /** Reads a value in an earlier format of this serde (format byte {@code format}); the default knows none. */
    protected T readEarlier(byte format, DataInputStream in) throws IOException {
        throw new IOException("unknown " + what + " format " + format);
    }

    @Override
    public Serializer<T> serializer() {
        return (topic, value) -> {
            if (value == null) {
                return null;
            }
            Encoder encoder = ENCODERS.get();
            if (encoder.busy) {
                encoder = new Encoder(); // a value written while this thread writes another: its own buffer
            }
            encoder.busy = true;
            try {
                encoder.out.writeByte(format);
                write(encoder.out, value);
                return encoder.out.toByteArray();
            } catch (IOException e) {
                throw new UncheckedIOException(e); // a Writer does not fail
            } finally {
                encoder.release();
            }
        };
    }

    /** A buffer and its data view, reused by one thread from value to value. */
    private static final class Encoder {
        private final BinaryFields.Writer out = new BinaryFields.Writer(256);
        private boolean busy;

        private void release() {
            busy = false;
            if (out.capacity() > KEPT_BUFFER_BYTES && ENCODERS.get() == this) {
                ENCODERS.remove(); // one huge value does not pin its buffer for the thread's life
            }
            out.reset();
        }
    }

    @Override
    public Deserializer<T> deserializer() {
        return (topic, bytes) -> {
            if (bytes == null) {
                return null;
            }
            if (legacyJson != null && bytes.length > 0 && bytes[0] == JSON_START) {
                return legacyJson.deserialize(topic, bytes);
            }
            try {
                DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes));
                byte found = in.readByte();
                return found == format ? read(in) : readEarlier(found, in);
            } catch (IOException | RuntimeException e) {
                throw new SerializationException("cannot read a " + what + " (" + bytes.length + " bytes)", e);
            }
        };
    }
}
