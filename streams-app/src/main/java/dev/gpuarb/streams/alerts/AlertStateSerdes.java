package dev.gpuarb.streams.alerts;

import static dev.gpuarb.streams.common.BinaryFields.readCount;
import static dev.gpuarb.streams.common.BinaryFields.readOptionalLong;
import static dev.gpuarb.streams.common.BinaryFields.readString;
import static dev.gpuarb.streams.common.BinaryFields.writeOptionalLong;
import static dev.gpuarb.streams.common.BinaryFields.writeString;

import dev.gpuarb.streams.common.BinaryFormatSerde;
import dev.gpuarb.streams.common.PricePoint;
import java.io.DataInputStream;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Map;
import java.util.TreeMap;

/**
 * Stage 7's state in binary form (format byte, fields as in {@link dev.gpuarb.streams.common.BinaryFields}).
 * Every GPU price reads and rewrites two offer entries and its model's board. Values written as JSON by
 * earlier versions are still read, and rewritten in binary on their next change.
 *
 * <p>A price point is: kind, product, pricing model, region, provider, offer id (strings), price (double),
 * at (long), and since format 2 its validUntil (a flag byte, then a long when present; format 1 reads as
 * none, as earlier versions kept no deadline). A map is its size, then per entry its key and value, in key
 * order.
 */
public final class AlertStateSerdes {

    /** The smallest encoded price point: six null strings, a double and a long (format 1). */
    private static final int MIN_POINT_BYTES = 6 * 4 + 8 + 8;

    /** Price points with their validUntil. */
    private static final byte WITH_DEADLINE = 2;
    /** Price points without it: still read, so that stores and changelogs written by it stay readable. */
    private static final byte WITHOUT_DEADLINE = 1;
    /** The smallest map entry: a null key and the smallest value. */
    private static final int MIN_TIME_ENTRY_BYTES = 4 + 8;

    private AlertStateSerdes() {}

    /** Format 2: one price point ({@value AlertStores#OFFERS} and {@value AlertStores#REGION_OFFERS}). */
    public static final class Point extends BinaryFormatSerde<PricePoint> {
        public Point() {
            super(WITH_DEADLINE, "alert offer price");
            readingLegacyJson(PricePoint.class);
        }

        @Override
        protected void write(DataOutput out, PricePoint p) throws IOException {
            writePoint(out, p, true);
        }

        @Override
        protected PricePoint read(DataInputStream in) throws IOException {
            return readPoint(in, true);
        }

        @Override
        protected PricePoint readEarlier(byte format, DataInputStream in) throws IOException {
            return format == WITHOUT_DEADLINE ? readPoint(in, false) : super.readEarlier(format, in);
        }
    }

    /** Format 2: the cheapest price point by region, then the last alert time by region pair. */
    public static final class Board extends BinaryFormatSerde<RegionBoard> {
        public Board() {
            super(WITH_DEADLINE, "alert region board");
            readingLegacyJson(RegionBoard.class);
        }

        @Override
        protected void write(DataOutput out, RegionBoard b) throws IOException {
            writePoints(out, b.cheapestByRegion(), true);
            writeTimes(out, b.lastAlertAtByPair());
        }

        @Override
        protected RegionBoard read(DataInputStream in) throws IOException {
            return new RegionBoard(readPoints(in, true), readTimes(in));
        }

        @Override
        protected RegionBoard readEarlier(byte format, DataInputStream in) throws IOException {
            return format == WITHOUT_DEADLINE
                    ? new RegionBoard(readPoints(in, false), readTimes(in))
                    : super.readEarlier(format, in);
        }
    }

    /**
     * Format 1 of the pre-split record: every offer's price point by offer id (without deadlines, as that
     * record was only ever written before they were kept), then the last alert time by pair.
     */
    public static final class Legacy extends BinaryFormatSerde<AlertState> {
        public Legacy() {
            super(WITHOUT_DEADLINE, "legacy alert state");
            readingLegacyJson(AlertState.class);
        }

        @Override
        protected void write(DataOutput out, AlertState s) throws IOException {
            writePoints(out, s.latestByOffer() == null ? new TreeMap<>() : s.latestByOffer(), false);
            writeTimes(out, s.lastAlertAtByPair() == null ? new TreeMap<>() : s.lastAlertAtByPair());
        }

        @Override
        protected AlertState read(DataInputStream in) throws IOException {
            return new AlertState(readPoints(in, false), readTimes(in));
        }
    }

    private static void writePoint(DataOutput out, PricePoint p, boolean withDeadline) throws IOException {
        writeString(out, p.kind());
        writeString(out, p.product());
        writeString(out, p.pricingModel());
        writeString(out, p.region());
        writeString(out, p.provider());
        writeString(out, p.offerId());
        out.writeDouble(p.price());
        out.writeLong(p.at());
        if (withDeadline) {
            writeOptionalLong(out, p.validUntil());
        }
    }

    private static PricePoint readPoint(DataInputStream in, boolean withDeadline) throws IOException {
        return new PricePoint(
                readString(in),
                readString(in),
                readString(in),
                readString(in),
                readString(in),
                readString(in),
                in.readDouble(),
                in.readLong(),
                withDeadline ? readOptionalLong(in) : null);
    }

    private static void writePoints(DataOutput out, TreeMap<String, PricePoint> points, boolean withDeadlines)
            throws IOException {
        out.writeInt(points.size());
        for (Map.Entry<String, PricePoint> e : points.entrySet()) {
            writeString(out, e.getKey());
            writePoint(out, e.getValue(), withDeadlines);
        }
    }

    private static TreeMap<String, PricePoint> readPoints(DataInputStream in, boolean withDeadlines)
            throws IOException {
        int count = readCount(in, 4 + MIN_POINT_BYTES);
        TreeMap<String, PricePoint> points = new TreeMap<>();
        for (int i = 0; i < count; i++) {
            points.put(readString(in), readPoint(in, withDeadlines));
        }
        return points;
    }

    private static void writeTimes(DataOutput out, TreeMap<String, Long> times) throws IOException {
        out.writeInt(times.size());
        for (Map.Entry<String, Long> e : times.entrySet()) {
            writeString(out, e.getKey());
            out.writeLong(e.getValue());
        }
    }

    private static TreeMap<String, Long> readTimes(DataInputStream in) throws IOException {
        int count = readCount(in, MIN_TIME_ENTRY_BYTES);
        TreeMap<String, Long> times = new TreeMap<>();
        for (int i = 0; i < count; i++) {
            times.put(readString(in), in.readLong());
        }
        return times;
    }
}
