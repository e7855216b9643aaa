package dev.gpuarb.streams.routing;

import dev.gpuarb.streams.common.BinaryFormatSerde;
import java.io.DataInputStream;
import java.io.DataOutput;
import java.io.IOException;

/**
 * The route engine's latest latency of an endpoint. Format 1: the format byte; p99 ms, error rate
 * (doubles); window end (long). Values that earlier versions wrote as JSON are still read.
 */
public final class LatestLatencySerde extends BinaryFormatSerde<LatestLatency> {

    public LatestLatencySerde() {
        super((byte) 1, "endpoint latency");
        readingLegacyJson(LatestLatency.class);
    }

    @Override
    protected void write(DataOutput out, LatestLatency l) throws IOException {
        out.writeDouble(l.p99Ms());
        out.writeDouble(l.errorRate());
        out.writeLong(l.windowEnd());
    }

    @Override
    protected LatestLatency read(DataInputStream in) throws IOException {
        return new LatestLatency(in.readDouble(), in.readDouble(), in.readLong());
    }
}
