package dev.gpuarb.streams.bids;

import static dev.gpuarb.streams.common.BinaryFields.readCount;
import static dev.gpuarb.streams.common.BinaryFields.readOptionalDouble;
import static dev.gpuarb.streams.common.BinaryFields.readOptionalLong;
import static dev.gpuarb.streams.common.BinaryFields.readString;
import static dev.gpuarb.streams.common.BinaryFields.writeOptionalDouble;
import static dev.gpuarb.streams.common.BinaryFields.writeOptionalLong;
import static dev.gpuarb.streams.common.BinaryFields.writeString;

import dev.gpuarb.streams.common.BinaryFormatSerde;
import java.io.DataInputStream;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * The spot bids' state in binary form (format byte, fields as in {@link dev.gpuarb.streams.common.BinaryFields}).
 * Both are read and rewritten on every spot or on-demand price, and as JSON they were a sixth of
 * analytics' CPU samples. Values written as JSON by earlier versions (they start with '{', never a
 * format byte) are still read, and rewritten in binary on their next change. Format 2 adds the
 * deadlines (validUntil, and withdrawals); values in format 1 read as prices without one, which is what
 * earlier versions kept.
 */
public final class BidStateSerdes {

    /** With deadlines. */
    private static final byte WITH_DEADLINES = 2;
    /** Without them: still read, so that stores and changelogs written by it stay readable. */
    private static final byte WITHOUT_DEADLINES = 1;

    private BidStateSerdes() {}

    /**
     * Format 2: offer id, provider, region, zone, instance type, GPU model; the sample count, then per
     * sample at, USD/h and its deadline (a flag byte, then a long when present). Format 1 has no deadlines.
     */
    public static final class History extends BinaryFormatSerde<SpotHistory> {
        /** The smallest sample: at, USD/h and an absent deadline (format 1: no deadline byte). */
        private static final int SAMPLE_BYTES = 8 + 8 + 1;

        public History() {
            super(WITH_DEADLINES, "spot history");
            readingLegacyJson(SpotHistory.class);
        }

        @Override
        protected void write(DataOutput out, SpotHistory h) throws IOException {
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
                writeOptionalLong(out, s.until());
            }
        }

        @Override
        protected SpotHistory read(DataInputStream in) throws IOException {
            return read(in, true);
        }

        @Override
        protected SpotHistory readEarlier(byte format, DataInputStream in) throws IOException {
            return format == WITHOUT_DEADLINES ? read(in, false) : super.readEarlier(format, in);
        }

        private static SpotHistory read(DataInputStream in, boolean withDeadlines) throws IOException {
            String offerId = readString(in);
            String provider = readString(in);
            String region = readString(in);
            String zone = readString(in);
            String instanceType = readString(in);
            String gpuModel = readString(in);
            int count = readCount(in, withDeadlines ? SAMPLE_BYTES : SAMPLE_BYTES - 1);
            List<SpotHistory.Sample> samples = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                samples.add(new SpotHistory.Sample(
                        in.readLong(), in.readDouble(), withDeadlines ? readOptionalLong(in) : null));
            }
            return new SpotHistory(offerId, provider, region, zone, instanceType, gpuModel, List.copyOf(samples));
        }
    }

    /**
     * Format 2: the on-demand USD/h (optional), its time, its deadline (optional); the spot offer count,
     * then each id. Format 1 has no deadline.
     */
    public static final class OnDemand extends BinaryFormatSerde<OnDemandState> {
        public OnDemand() {
            super(WITH_DEADLINES, "on-demand state");
            readingLegacyJson(OnDemandState.class);
        }

        @Override
        protected void write(DataOutput out, OnDemandState s) throws IOException {
            writeOptionalDouble(out, s.usdPerHour());
            out.writeLong(s.at());
            writeOptionalLong(out, s.until());
            out.writeInt(s.spotOfferIds().size());
            for (String id : s.spotOfferIds()) {
                writeString(out, id);
            }
        }

        @Override
        protected OnDemandState read(DataInputStream in) throws IOException {
            return read(in, true);
        }

        @Override
        protected OnDemandState readEarlier(byte format, DataInputStream in) throws IOException {
            return format == WITHOUT_DEADLINES ? read(in, false) : super.readEarlier(format, in);
        }

        private static OnDemandState read(DataInputStream in, boolean withDeadline) throws IOException {
            Double price = readOptionalDouble(in);
            long at = in.readLong();
            Long until = withDeadline ? readOptionalLong(in) : null;
            int count = readCount(in, 4);
            TreeSet<String> ids = new TreeSet<>();
            for (int i = 0; i < count; i++) {
                ids.add(readString(in));
            }
            return new OnDemandState(price, at, until, ids);
        }
    }
}
