package dev.gpuarb.connectors.core;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * Fetches a whole document (a catalog CSV, a price JSON) from a local path, a {@code file:} URI or
 * an http(s) URL, under the same size cap.
 */
public final class DocumentFetcher {

    private final HttpFetcher http;
    private final long maxBytes;

    public DocumentFetcher(HttpFetcher http, long maxBytes) {
        this.http = http;
        this.maxBytes = maxBytes;
    }

    public byte[] fetch(String location) throws IOException, InterruptedException {
        String lower = location.toLowerCase(Locale.ROOT);
        if (lower.startsWith("http://") || lower.startsWith("https://")) {
            return http.get(URI.create(location), Map.of()).body();
        }
        Path path = lower.startsWith("file:") ? Path.of(URI.create(location)) : Path.of(location);
        try (InputStream in = Files.newInputStream(path)) {
            return BoundedBodies.read(in, maxBytes, location);
        }
    }
}
