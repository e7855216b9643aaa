package dev.gpuarb.streams.latency;

import static dev.gpuarb.streams.common.BinaryFields.readBytes;
import static dev.gpuarb.streams.common.BinaryFields.readCount;
import static dev.gpuarb.streams.common.BinaryFields.writeBytes;

import dev.gpuarb.streams.common.BinaryFormatSerde;
import java.io.DataInputStream;
import java.io.DataOutput;
import java.io.IOException;

/**
 * A latency window's aggregate, read and rewritten on every endpoint observation. Format 2: the format
 * byte; requests, errors (longs); the sketch (a presence flag, then its length and its DDSketch bytes);
 * the pending latencies (a count, then doubles). Format 1 (without pending latencies) and the JSON of
 * earlier versions are still read, so an upgrade keeps open windows.
 */
public final class LatencyAccumulatorSerde extends BinaryFormatSerde<LatencyAccumulator> {

    private static final byte FORMAT_1 = 1;

    public LatencyAccumulatorSerde() {
        super((byte) 2, "latency window aggregate");
        readingLegacyJson(LatencyAccumulator.class);
    }

    @Override
    protected void write(DataOutput out, LatencyAccumulator acc) throws IOException {
        out.writeLong(acc.requests());
        out.writeLong(acc.errors());
        out.writeBoolean(acc.sketch() != null);
        if (acc.sketch() != null) {
            writeBytes(out, acc.sketch());
        }
        out.writeInt(acc.pending().length);
        for (double latencyMs : acc.pending()) {
            out.writeDouble(latencyMs);
        }
    }

    @Override
    protected LatencyAccumulator read(DataInputStream in) throws IOException {
        LatencyAccumulator counted = readEarlier(FORMAT_1, in);
        double[] pending = new double[readCount(in, Double.BYTES)];
        for (int i = 0; i < pending.length; i++) {
            pending[i] = in.readDouble();
        }
        return new LatencyAccumulator(counted.requests(), counted.errors(), counted.sketch(), pending);
    }

    @Override
    protected LatencyAccumulator readEarlier(byte format, DataInputStream in) throws IOException {
        if (format != FORMAT_1) {
            return super.readEarlier(format, in);
        }
        return new LatencyAccumulator(in.readLong(), in.readLong(), in.readBoolean() ? readBytes(in) : null);
    }
}
