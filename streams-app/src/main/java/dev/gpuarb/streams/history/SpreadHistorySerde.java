package dev.gpuarb.streams.history;

import static dev.gpuarb.streams.common.BinaryFields.readCount;
import static dev.gpuarb.streams.common.BinaryFields.readString;
import static dev.gpuarb.streams.common.BinaryFields.writeString;

import dev.gpuarb.streams.common.BinaryFormatSerde;
import java.io.DataInputStream;
import java.io.DataOutput;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * {@link SpreadHistory}s in the spread-history store. Format {@value #FORMAT}: the format byte; kind,
 * product, pricing model and price unit; the window count, then per window its start and end (epoch
 * ms) and its region count, then per region its name, provider and price. Encodings as in
 * {@link dev.gpuarb.streams.common.BinaryFields}.
 */
public final class SpreadHistorySerde extends BinaryFormatSerde<SpreadHistory> {

    static final byte FORMAT = 1;
    private static final int MIN_WINDOW_BYTES = 8 + 8 + 4;
    private static final int MIN_REGION_BYTES = 4 + 4 + 8;

    public SpreadHistorySerde() {
        super(FORMAT, "spread history");
    }

    @Override
    protected void write(DataOutput out, SpreadHistory history) throws IOException {
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
    }

    @Override
    protected SpreadHistory read(DataInputStream in) throws IOException {
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
    }
}
