package dev.gpuarb.streams.api.live;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.Optional;

/** The live page's files, served from the classpath: no build step, nothing fetched from elsewhere. */
public final class PageAssets {

    private static final String ROOT = "/gpuarb-live/";
    /** Path after /live/ -> content type. Only these files are served. */
    private static final Map<String, String> FILES = Map.of(
            "index.html", "text/html; charset=utf-8",
            "live.js", "text/javascript; charset=utf-8",
            "live.css", "text/css; charset=utf-8");

    private PageAssets() {
    }

    public record Asset(String contentType, byte[] body) {
    }

    public static Optional<Asset> get(String name) throws IOException {
        String type = FILES.get(name);
        if (type == null) {
            return Optional.empty();
        }
        try (InputStream in = PageAssets.class.getResourceAsStream(ROOT + name)) {
            if (in == null) {
                throw new IOException("live page file missing from the classpath: " + ROOT + name);
            }
            return Optional.of(new Asset(type, in.readAllBytes()));
        }
    }
}
