package dev.gpuarb.clickhouse.embedded;

import com.clickhouse.client.api.internal.CompressedBlockOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import net.jpountz.lz4.LZ4Factory;

/**
 * ClickHouse's LZ4 block framing (the {@code compress=1} answer format), written by client-v2's own
 * {@link CompressedBlockOutputStream.LZ4OutputStream}.
 *
 * <p>That stream sizes its output buffer for compressible input only: a full block of incompressible
 * bytes (random floats, an error text) would not fit LZ4's worst case. So blocks are cut at half
 * the stream's buffer, which always leaves room for the worst case.
 */
final class Lz4BlockOutput extends OutputStream {

    private static final LZ4Factory LZ4 = LZ4Factory.fastestInstance();

    private final OutputStream blocks;
    private final int blockSize;
    private int pending;

    Lz4BlockOutput(OutputStream out, int blockSize) {
        this.blockSize = Math.max(blockSize, 256);
        this.blocks = new CompressedBlockOutputStream.LZ4OutputStream(out, LZ4.fastCompressor(), this.blockSize * 2);
    }

    @Override
    public void write(int b) throws IOException {
        blocks.write(b);
        if (++pending == blockSize) {
            endBlock();
        }
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        while (len > 0) {
            int n = Math.min(len, blockSize - pending);
            blocks.write(b, off, n);
            pending += n;
            off += n;
            len -= n;
            if (pending == blockSize) {
                endBlock();
            }
        }
    }

    private void endBlock() throws IOException {
        blocks.flush(); // compresses what is buffered into one block
        pending = 0;
    }

    @Override
    public void flush() throws IOException {
        endBlock();
    }

    @Override
    public void close() throws IOException {
        blocks.close();
    }
}
