package dev.gpuarb.streams.latency;

import static dev.gpuarb.streams.common.BinaryFields.readBytes;
import static dev.gpuarb.streams.common.BinaryFields.writeBytes;

import dev.gpuarb.streams.common.BinaryFormatSerde;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;

/**
 * A latency window's aggregate, read and rewritten on every endpoint observation. Format 1: the format
 * byte; requests, errors (longs); the sketch (a presence flag, then its length and its DDSketch bytes).
 * Values that earlier versions wrote as JSON are still read, so an upgrade keeps open windows.
 */
public final class LatencyAccumulatorSerde extends BinaryFormatSerde<LatencyAccumulator> {

    public LatencyAccumulatorSerde() {
        super((byte) 1, "latency window aggregate");
        readingLegacyJson(LatencyAccumulator.class);
    }

    @Override
    protected void write(DataOutputStream out, LatencyAccumulator acc) throws IOException {
        out.writeLong(acc.requests());
        out.writeLong(acc.errors());
        out.writeBoolean(acc.sketch() != null);
        if (acc.sketch() != null) {
            writeBytes(out, acc.sketch());
        }
    }

    @Override
    protected LatencyAccumulator read(DataInputStream in) throws IOException {
        return new LatencyAccumulator(in.readLong(), in.readLong(), in.readBoolean() ? readBytes(in) : null);
    }
}
