package dev.gpuarb.streams.effect;

import static dev.gpuarb.streams.common.BinaryFields.readCount;
import static dev.gpuarb.streams.common.BinaryFields.readString;
import static dev.gpuarb.streams.common.BinaryFields.writeString;

import dev.gpuarb.streams.common.BinaryFormatSerde;
import java.io.DataInputStream;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * {@link OfferTimeline}s in the offer-timeline store. Format {@value #FORMAT}: the format byte; kind,
 * product, pricing model, region, provider, offer id; the step count (at least one), then per step
 * at, price, until and withdrawn.
 */
public final class OfferTimelineSerde extends BinaryFormatSerde<OfferTimeline> {

    static final byte FORMAT = 1;
    private static final int STEP_BYTES = 8 + 8 + 8 + 1;

    public OfferTimelineSerde() {
        super(FORMAT, "offer timeline");
    }

    @Override
    protected void write(DataOutput out, OfferTimeline t) throws IOException {
        writeString(out, t.kind());
        writeString(out, t.product());
        writeString(out, t.pricingModel());
        writeString(out, t.region());
        writeString(out, t.provider());
        writeString(out, t.offerId());
        out.writeInt(t.steps().size());
        for (OfferTimeline.Step s : t.steps()) {
            out.writeLong(s.at());
            out.writeDouble(s.price());
            out.writeLong(s.until());
            out.writeBoolean(s.withdrawn());
        }
    }

    @Override
    protected OfferTimeline read(DataInputStream in) throws IOException {
        String kind = readString(in);
        String product = readString(in);
        String pricingModel = readString(in);
        String region = readString(in);
        String provider = readString(in);
        String offerId = readString(in);
        int count = readCount(in, STEP_BYTES);
        if (count == 0) {
            throw new IOException("a timeline without steps");
        }
        List<OfferTimeline.Step> steps = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            steps.add(new OfferTimeline.Step(in.readLong(), in.readDouble(), in.readLong(), in.readBoolean()));
        }
        return new OfferTimeline(kind, product, pricingModel, region, provider, offerId, List.copyOf(steps));
    }
}
