package dev.gpuarb.streams.history;

import static dev.gpuarb.streams.common.BinaryFields.readCount;
import static dev.gpuarb.streams.common.BinaryFields.readOptionalDouble;
import static dev.gpuarb.streams.common.BinaryFields.readString;
import static dev.gpuarb.streams.common.BinaryFields.writeOptionalDouble;
import static dev.gpuarb.streams.common.BinaryFields.writeString;

import dev.gpuarb.streams.common.BinaryFormatSerde;
import java.io.DataInputStream;
import java.io.DataOutput;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * {@link RouteTrail}s in the route-trail store. Format {@value #FORMAT}: the format byte; route id and
 * price unit; the point count, then per point its time (epoch ms), status, price (optional double),
 * provider, region and offer id, and the switch flag. Encodings as in
 * {@link dev.gpuarb.streams.common.BinaryFields}.
 */
public final class RouteTrailSerde extends BinaryFormatSerde<RouteTrail> {

    static final byte FORMAT = 1;
    /** A point's smallest encoding: time, four null strings, status, no price, the flag. */
    private static final int MIN_POINT_BYTES = 8 + 4 * 4 + 1 + 1;

    public RouteTrailSerde() {
        super(FORMAT, "route trail");
    }

    @Override
    protected void write(DataOutput out, RouteTrail trail) throws IOException {
        writeString(out, trail.routeId());
        writeString(out, trail.priceUnit());
        out.writeInt(trail.points().size());
        for (RouteTrail.Point p : trail.points()) {
            out.writeLong(p.at().toEpochMilli());
            writeString(out, p.status());
            writeOptionalDouble(out, p.price());
            writeString(out, p.provider());
            writeString(out, p.region());
            writeString(out, p.offerId());
            out.writeBoolean(p.switched());
        }
    }

    @Override
    protected RouteTrail read(DataInputStream in) throws IOException {
        String routeId = readString(in);
        String priceUnit = readString(in);
        int count = readCount(in, MIN_POINT_BYTES);
        List<RouteTrail.Point> points = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            Instant at = Instant.ofEpochMilli(in.readLong());
            String status = readString(in);
            Double price = readOptionalDouble(in);
            points.add(new RouteTrail.Point(
                    at, status, price, readString(in), readString(in), readString(in), in.readBoolean()));
        }
        return new RouteTrail(routeId, priceUnit, points);
    }
}
