package dev.gpuarb.streams.alerts;

import static dev.gpuarb.streams.common.BinaryFields.readCount;
import static dev.gpuarb.streams.common.BinaryFields.readString;
import static dev.gpuarb.streams.common.BinaryFields.writeString;

import dev.gpuarb.streams.common.BinaryFormatSerde;
import dev.gpuarb.streams.common.PricePoint;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Map;
import java.util.TreeMap;

/**
 * Stage 7's state in binary form (format byte, fields as in {@link dev.gpuarb.streams.common.BinaryFields}).
 * Every GPU price reads and rewrites two offer entries and its model's board. Values written as JSON by
 * earlier versions are still read, and rewritten in binary on their next change.
 *
 * <p>A price point is: kind, product, pricing model, region, provider, offer id (strings), price (double),
 * at (long). A map is its size, then per entry its key and value, in key order.
 */
public final class AlertStateSerdes {

    /** The smallest encoded price point: six null strings, a double and a long. */
    private static final int MIN_POINT_BYTES = 6 * 4 + 8 + 8;
    /** The smallest map entry: a null key and the smallest value. */
    private static final int MIN_TIME_ENTRY_BYTES = 4 + 8;

    private AlertStateSerdes() {}

    /** Format 1: one price point ({@value AlertStores#OFFERS} and {@value AlertStores#REGION_OFFERS}). */
    public static final class Point extends BinaryFormatSerde<PricePoint> {
        public Point() {
            super((byte) 1, "alert offer price");
            readingLegacyJson(PricePoint.class);
        }

        @Override
        protected void write(DataOutputStream out, PricePoint p) throws IOException {
            writePoint(out, p);
        }

        @Override
        protected PricePoint read(DataInputStream in) throws IOException {
            return readPoint(in);
        }
    }

    /** Format 1: the cheapest price point by region, then the last alert time by region pair. */
    public static final class Board extends BinaryFormatSerde<RegionBoard> {
        public Board() {
            super((byte) 1, "alert region board");
            readingLegacyJson(RegionBoard.class);
        }

        @Override
        protected void write(DataOutputStream out, RegionBoard b) throws IOException {
            writePoints(out, b.cheapestByRegion());
            writeTimes(out, b.lastAlertAtByPair());
        }

        @Override
        protected RegionBoard read(DataInputStream in) throws IOException {
            return new RegionBoard(readPoints(in), readTimes(in));
        }
    }

    /** Format 1 of the pre-split record: every offer's price point by offer id, then the last alert time by pair. */
    public static final class Legacy extends BinaryFormatSerde<AlertState> {
        public Legacy() {
            super((byte) 1, "legacy alert state");
            readingLegacyJson(AlertState.class);
        }

        @Override
        protected void write(DataOutputStream out, AlertState s) throws IOException {
            writePoints(out, s.latestByOffer() == null ? new TreeMap<>() : s.latestByOffer());
            writeTimes(out, s.lastAlertAtByPair() == null ? new TreeMap<>() : s.lastAlertAtByPair());
        }

        @Override
        protected AlertState read(DataInputStream in) throws IOException {
            return new AlertState(readPoints(in), readTimes(in));
        }
    }

    private static void writePoint(DataOutputStream out, PricePoint p) throws IOException {
        writeString(out, p.kind());
        writeString(out, p.product());
        writeString(out, p.pricingModel());
        writeString(out, p.region());
        writeString(out, p.provider());
        writeString(out, p.offerId());
        out.writeDouble(p.price());
        out.writeLong(p.at());
    }

    private static PricePoint readPoint(DataInputStream in) throws IOException {
        return new PricePoint(
                readString(in),
                readString(in),
                readString(in),
                readString(in),
                readString(in),
                readString(in),
                in.readDouble(),
                in.readLong());
    }

    private static void writePoints(DataOutputStream out, TreeMap<String, PricePoint> points) throws IOException {
        out.writeInt(points.size());
        for (Map.Entry<String, PricePoint> e : points.entrySet()) {
            writeString(out, e.getKey());
            writePoint(out, e.getValue());
        }
    }

    private static TreeMap<String, PricePoint> readPoints(DataInputStream in) throws IOException {
        int count = readCount(in, 4 + MIN_POINT_BYTES);
        TreeMap<String, PricePoint> points = new TreeMap<>();
        for (int i = 0; i < count; i++) {
            points.put(readString(in), readPoint(in));
        }
        return points;
    }

    private static void writeTimes(DataOutputStream out, TreeMap<String, Long> times) throws IOException {
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
