package dev.gpuarb.streams.effect;

import static dev.gpuarb.streams.common.BinaryFields.readDecimal;
import static dev.gpuarb.streams.common.BinaryFields.readString;
import static dev.gpuarb.streams.common.BinaryFields.writeDecimal;
import static dev.gpuarb.streams.common.BinaryFields.writeString;

import dev.gpuarb.streams.common.BinaryFormatSerde;
import java.io.DataInputStream;
import java.io.DataOutput;
import java.io.IOException;
import java.math.BigDecimal;

/**
 * {@link DayTotals} in the profile-day store. Format {@value #FORMAT}: the format byte; kind, product,
 * pricing model, region, day start, lastAt; then for each of the 24 hours the weighted sum (a
 * decimal), millis and periods.
 */
public final class DayTotalsSerde extends BinaryFormatSerde<DayTotals> {

    static final byte FORMAT = 1;

    public DayTotalsSerde() {
        super(FORMAT, "day of prices in effect");
    }

    @Override
    protected void write(DataOutput out, DayTotals d) throws IOException {
        writeString(out, d.kind());
        writeString(out, d.product());
        writeString(out, d.pricingModel());
        writeString(out, d.region());
        out.writeLong(d.dayStart());
        out.writeLong(d.lastAt());
        for (int h = 0; h < DayTotals.HOURS; h++) {
            writeDecimal(out, d.weighted()[h]);
            out.writeLong(d.millis()[h]);
            out.writeInt(d.periods()[h]);
        }
    }

    @Override
    protected DayTotals read(DataInputStream in) throws IOException {
        String kind = readString(in);
        String product = readString(in);
        String pricingModel = readString(in);
        String region = readString(in);
        long dayStart = in.readLong();
        long lastAt = in.readLong();
        BigDecimal[] weighted = new BigDecimal[DayTotals.HOURS];
        long[] millis = new long[DayTotals.HOURS];
        int[] periods = new int[DayTotals.HOURS];
        for (int h = 0; h < DayTotals.HOURS; h++) {
            weighted[h] = readDecimal(in);
            millis[h] = in.readLong();
            periods[h] = in.readInt();
        }
        return new DayTotals(kind, product, pricingModel, region, dayStart, weighted, millis, periods, lastAt);
    }
}
