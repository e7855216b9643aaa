package dev.gpuarb.connectors.core;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/** Reads a stream up to a size cap, so one oversized answer cannot exhaust the worker's heap. */
final class BoundedBodies {

    private static final int HEAD_BYTES = 512;

    private BoundedBodies() {}

    static byte[] read(InputStream in, long maxBytes, String location) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[16 * 1024];
        long total = 0;
        int n;
        while ((n = in.read(buffer)) != -1) {
            total += n;
            out.write(buffer, 0, n);
            if (total > maxBytes) {
                throw tooLarge(out.toByteArray(), maxBytes, location);
            }
        }
        return out.toByteArray();
    }

    /** The refusal of a body that went over the cap, with its beginning. */
    static ResponseTooLargeException tooLarge(byte[] beginning, long maxBytes, String location) {
        String head = new String(beginning, 0, Math.min(HEAD_BYTES, beginning.length), StandardCharsets.UTF_8);
        return new ResponseTooLargeException(location, maxBytes, head);
    }
}
