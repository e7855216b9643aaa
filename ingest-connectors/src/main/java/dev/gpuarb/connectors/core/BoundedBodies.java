package dev.gpuarb.connectors.core;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/** Reads a stream up to a size cap, so one oversized answer cannot exhaust the worker's heap. */
final class BoundedBodies {

    private static final int HEAD_BYTES = 512;

    private BoundedBodies() {
    }

    static byte[] read(InputStream in, long maxBytes, String location) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[16 * 1024];
        long total = 0;
        int n;
        while ((n = in.read(buffer)) != -1) {
            total += n;
            if (total > maxBytes) {
                out.write(buffer, 0, n);
                byte[] all = out.toByteArray();
                String head = new String(all, 0, Math.min(HEAD_BYTES, all.length), StandardCharsets.UTF_8);
                throw new ResponseTooLargeException(location, maxBytes, head);
            }
            out.write(buffer, 0, n);
        }
        return out.toByteArray();
    }
}
