package dev.gpuarb.streams.effect;

import static dev.gpuarb.streams.common.BinaryFields.readString;
import static dev.gpuarb.streams.common.BinaryFields.writeString;

import dev.gpuarb.streams.common.BinaryFormatSerde;
import java.io.DataInputStream;
import java.io.DataOutput;
import java.io.IOException;

/**
 * {@link PriceEvent}s on analytics' repartition topic. Format {@value #FORMAT}: the format byte; kind,
 * product, pricing model, region, provider and offer id; price, at, until; withdrawn; the instance
 * (a presence flag, then instance type, zone, USD per hour).
 */
public final class PriceEventSerde extends BinaryFormatSerde<PriceEvent> {

    static final byte FORMAT = 1;

    public PriceEventSerde() {
        super(FORMAT, "price event");
    }

    @Override
    protected void write(DataOutput out, PriceEvent e) throws IOException {
        writeString(out, e.kind());
        writeString(out, e.product());
        writeString(out, e.pricingModel());
        writeString(out, e.region());
        writeString(out, e.provider());
        writeString(out, e.offerId());
        out.writeDouble(e.price());
        out.writeLong(e.at());
        out.writeLong(e.until());
        out.writeBoolean(e.withdrawn());
        out.writeBoolean(e.instance() != null);
        if (e.instance() != null) {
            writeString(out, e.instance().instanceType());
            writeString(out, e.instance().zone());
            out.writeDouble(e.instance().usdPerHour());
        }
    }

    @Override
    protected PriceEvent read(DataInputStream in) throws IOException {
        return new PriceEvent(
                readString(in),
                readString(in),
                readString(in),
                readString(in),
                readString(in),
                readString(in),
                in.readDouble(),
                in.readLong(),
                in.readLong(),
                in.readBoolean(),
                in.readBoolean() ? new PriceEvent.Instance(readString(in), readString(in), in.readDouble()) : null);
    }
}
