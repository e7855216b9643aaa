package dev.gpuarb.streams.bids;

import static dev.gpuarb.streams.common.BinaryFields.readCount;
import static dev.gpuarb.streams.common.BinaryFields.readOptionalDouble;
import static dev.gpuarb.streams.common.BinaryFields.readString;
import static dev.gpuarb.streams.common.BinaryFields.writeOptionalDouble;
import static dev.gpuarb.streams.common.BinaryFields.writeString;

import dev.gpuarb.streams.common.BinaryFormatSerde;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * The spot bids' state in binary form (format byte, fields as in {@link dev.gpuarb.streams.common.BinaryFields}).
 * Both are read and rewritten on every spot or on-demand price, and as JSON they were a sixth of
 * analytics' CPU samples. Values written as JSON by earlier versions (they start with '{', never a
 * format byte) are still read, and rewritten in binary on their next change.
 */
public final class BidStateSerdes {

    private BidStateSerdes() {}

    /** Format 1: offer id, provider, region, zone, instance type, GPU model; the sample count, then per sample at and USD/h. */
    public static final class History extends BinaryFormatSerde<SpotHistory> {
        private static final int SAMPLE_BYTES = 8 + 8;

        public History() {
            super((byte) 1, "spot history");
            readingLegacyJson(SpotHistory.class);
        }

        @Override
        protected void write(DataOutputStream out, SpotHistory h) throws IOException {
            writeString(out, h.offerId());
            writeString(out, h.provider());
            writeString(out, h.region());
            writeString(out, h.zone());
            writeString(out, h.instanceType());
            writeString(out, h.gpuModel());
            out.writeInt(h.samples().size());
            for (SpotHistory.Sample s : h.samples()) {
                out.writeLong(s.at());
                out.writeDouble(s.usdPerHour());
            }
        }

        @Override
        protected SpotHistory read(DataInputStream in) throws IOException {
            String offerId = readString(in);
            String provider = readString(in);
            String region = readString(in);
            String zone = readString(in);
            String instanceType = readString(in);
            String gpuModel = readString(in);
            int count = readCount(in, SAMPLE_BYTES);
            List<SpotHistory.Sample> samples = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                samples.add(new SpotHistory.Sample(in.readLong(), in.readDouble()));
            }
            return new SpotHistory(offerId, provider, region, zone, instanceType, gpuModel, List.copyOf(samples));
        }
    }

    /** Format 1: the on-demand USD/h (optional), its time; the spot offer count, then each id. */
    public static final class OnDemand extends BinaryFormatSerde<OnDemandState> {
        public OnDemand() {
            super((byte) 1, "on-demand state");
            readingLegacyJson(OnDemandState.class);
        }

        @Override
        protected void write(DataOutputStream out, OnDemandState s) throws IOException {
            writeOptionalDouble(out, s.usdPerHour());
            out.writeLong(s.at());
            out.writeInt(s.spotOfferIds().size());
            for (String id : s.spotOfferIds()) {
                writeString(out, id);
            }
        }

        @Override
        protected OnDemandState read(DataInputStream in) throws IOException {
            Double price = readOptionalDouble(in);
            long at = in.readLong();
            int count = readCount(in, 4);
            TreeSet<String> ids = new TreeSet<>();
            for (int i = 0; i < count; i++) {
                ids.add(readString(in));
            }
            return new OnDemandState(price, at, ids);
        }
    }
}
