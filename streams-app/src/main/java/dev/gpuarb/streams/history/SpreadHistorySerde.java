package dev.gpuarb.streams.history;

import static dev.gpuarb.streams.common.BinaryFields.readCount;
import static dev.gpuarb.streams.common.BinaryFields.readString;
import static dev.gpuarb.streams.common.BinaryFields.writeString;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * {@link SpreadHistory}s in the spread-history store. Format {@value #FORMAT}: the format byte; kind,
 * product, pricing model and price unit; the window count, then per window its start and end (epoch
 * ms) and its region count, then per region its name, provider and price. Encodings as in
 * {@link dev.gpuarb.streams.common.BinaryFields}.
 */
public final class SpreadHistorySerde implements Serde<SpreadHistory> {

    static final byte FORMAT = 1;
    private static final int MIN_WINDOW_BYTES = 8 + 8 + 4;
    private static final int MIN_REGION_BYTES = 4 + 4 + 8;

    @Override
    public Serializer<SpreadHistory> serializer() {
        return (topic, history) -> {
            if (history == null) {
                return null;
            }
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
            try (DataOutputStream out = new DataOutputStream(bytes)) {
                out.writeByte(FORMAT);
                writeString(out, history.kind());
                writeString(out, history.product());
                writeString(out, history.pricingModel());
                writeString(out, history.priceUnit());
                out.writeInt(history.windows().size());
                for (SpreadHistory.Window w : history.windows()) {
                    out.writeLong(w.start().toEpochMilli());
                    out.writeLong(w.end().toEpochMilli());
                    out.writeInt(w.regions().size());
                    for (SpreadHistory.RegionPrice r : w.regions()) {
                        writeString(out, r.region());
                        writeString(out, r.provider());
                        out.writeDouble(r.price());
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e); // a ByteArrayOutputStream does not fail
            }
            return bytes.toByteArray();
        };
    }

    @Override
    public Deserializer<SpreadHistory> deserializer() {
        return (topic, bytes) -> {
            if (bytes == null) {
                return null;
            }
            try {
                DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes));
                byte format = in.readByte();
                if (format != FORMAT) {
                    throw new IOException("unknown spread history format " + format);
                }
                String kind = readString(in);
                String product = readString(in);
                String pricingModel = readString(in);
                String priceUnit = readString(in);
                int windowCount = readCount(in, MIN_WINDOW_BYTES);
                List<SpreadHistory.Window> windows = new ArrayList<>(windowCount);
                for (int i = 0; i < windowCount; i++) {
                    Instant start = Instant.ofEpochMilli(in.readLong());
                    Instant end = Instant.ofEpochMilli(in.readLong());
                    int regionCount = readCount(in, MIN_REGION_BYTES);
                    List<SpreadHistory.RegionPrice> regions = new ArrayList<>(regionCount);
                    for (int j = 0; j < regionCount; j++) {
                        regions.add(new SpreadHistory.RegionPrice(readString(in), readString(in), in.readDouble()));
                    }
                    windows.add(new SpreadHistory.Window(start, end, regions));
                }
                return new SpreadHistory(kind, product, pricingModel, priceUnit, windows);
            } catch (IOException | RuntimeException e) {
                throw new SerializationException("cannot read a spread history (" + bytes.length + " bytes)", e);
            }
        };
    }
}
