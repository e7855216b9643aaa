package dev.gpuarb.streams.effect;

import static dev.gpuarb.streams.common.BinaryFields.readBytes;
import static dev.gpuarb.streams.common.BinaryFields.readCount;
import static dev.gpuarb.streams.common.BinaryFields.readDecimal;
import static dev.gpuarb.streams.common.BinaryFields.readString;
import static dev.gpuarb.streams.common.BinaryFields.writeBytes;
import static dev.gpuarb.streams.common.BinaryFields.writeDecimal;
import static dev.gpuarb.streams.common.BinaryFields.writeString;

import dev.gpuarb.streams.common.BinaryFormatSerde;
import dev.gpuarb.streams.common.Keys;
import java.io.DataInputStream;
import java.io.DataOutput;
import java.io.IOException;
import java.util.TreeMap;

/**
 * {@link PaneTotals} in the pane store. Format {@value #FORMAT}: the format byte; kind, product, pricing
 * model, start; the region/provider count, then per entry region, provider, min, max, the weighted sum
 * (a decimal), millis, starts, carried, lastAt; the offer sketch's compact bytes.
 */
public final class PaneTotalsSerde extends BinaryFormatSerde<PaneTotals> {

    static final byte FORMAT = 1;
    private static final int MIN_ENTRY_BYTES = 4 + 4 + 8 + 8 + 8 + 8 + 8 + 4 + 4 + 8;

    public PaneTotalsSerde() {
        super(FORMAT, "pane of prices in effect");
    }

    @Override
    protected void write(DataOutput out, PaneTotals p) throws IOException {
        writeString(out, p.kind());
        writeString(out, p.product());
        writeString(out, p.pricingModel());
        out.writeLong(p.start());
        out.writeInt(p.byRegionProvider().size());
        for (RegionTotals t : p.byRegionProvider().values()) {
            writeString(out, t.region());
            writeString(out, t.provider());
            out.writeDouble(t.min());
            out.writeDouble(t.max());
            writeDecimal(out, t.weighted());
            out.writeLong(t.millis());
            out.writeInt(t.starts());
            out.writeInt(t.carried());
            out.writeLong(t.lastAt());
        }
        writeBytes(out, p.offers().bytes());
    }

    @Override
    protected PaneTotals read(DataInputStream in) throws IOException {
        String kind = readString(in);
        String product = readString(in);
        String pricingModel = readString(in);
        long start = in.readLong();
        int count = readCount(in, MIN_ENTRY_BYTES);
        TreeMap<String, RegionTotals> totals = new TreeMap<>();
        for (int i = 0; i < count; i++) {
            RegionTotals t = new RegionTotals(
                    readString(in),
                    readString(in),
                    in.readDouble(),
                    in.readDouble(),
                    readDecimal(in),
                    in.readLong(),
                    in.readInt(),
                    in.readInt(),
                    in.readLong());
            totals.put(Keys.join(t.region(), t.provider()), t);
        }
        return new PaneTotals(kind, product, pricingModel, start, totals, DistinctOffers.fromBytes(readBytes(in)));
    }
}
