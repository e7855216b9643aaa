package dev.gpuarb.streams.api.live;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * The live page's files, served from the classpath: no build step, nothing fetched from elsewhere.
 * The chart library (uPlot) comes from its WebJar, at the version the build resolved.
 */
public final class PageAssets {

    private static final String ROOT = "/gpuarb-live/";
    private static final String UPLOT =
            "/META-INF/resources/webjars/uplot/" + webJarVersion("org.webjars.npm", "uplot") + "/dist/";

    private record File(String path, String contentType) {}

    /** Path after /live/ -> where it is and its content type. Only these files are served. */
    private static final Map<String, File> FILES = Map.of(
            "index.html", new File(ROOT + "index.html", "text/html; charset=utf-8"),
            "live.js", new File(ROOT + "live.js", "text/javascript; charset=utf-8"),
            "charts.js", new File(ROOT + "charts.js", "text/javascript; charset=utf-8"),
            "live.css", new File(ROOT + "live.css", "text/css; charset=utf-8"),
            "uPlot.iife.min.js", new File(UPLOT + "uPlot.iife.min.js", "text/javascript; charset=utf-8"),
            "uPlot.min.css", new File(UPLOT + "uPlot.min.css", "text/css; charset=utf-8"));

    private PageAssets() {}

    public record Asset(String contentType, byte[] body) {}

    public static Optional<Asset> get(String name) throws IOException {
        File file = FILES.get(name);
        if (file == null) {
            return Optional.empty();
        }
        try (InputStream in = PageAssets.class.getResourceAsStream(file.path())) {
            if (in == null) {
                throw new IOException("live page file missing from the classpath: " + file.path());
            }
            return Optional.of(new Asset(file.contentType(), in.readAllBytes()));
        }
    }

    /** The version of a WebJar on the class path, from the Maven properties every WebJar carries. */
    private static String webJarVersion(String groupId, String artifactId) {
        String path = "/META-INF/maven/" + groupId + "/" + artifactId + "/pom.properties";
        try (InputStream in = PageAssets.class.getResourceAsStream(path)) {
            if (in == null) {
                return "missing"; // get() then names the file it cannot find
            }
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("version", "missing");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path, e);
        }
    }
}
