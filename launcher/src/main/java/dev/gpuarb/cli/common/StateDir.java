package dev.gpuarb.cli.common;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * Where a local run keeps its state (Kafka log, registry database, ClickHouse data, logs), so the
 * next run resumes: {@code $GPUARB_STATE_DIR}, else {@code .gpuarb} in the working directory.
 */
public final class StateDir {

    public static final String ENV = "GPUARB_STATE_DIR";

    /** The local run's ClickHouse password (user {@code default}): random, in the state directory, mode 600. */
    public static final String CLICKHOUSE_PASSWORD_FILE = "clickhouse.password";

    /** Where each part of the running local run listens (name -> URL), read by every command that finds it. */
    public static final String ENDPOINTS_FILE = "endpoints.properties";

    /** The running local run's price sources, for {@code gpuarb status}; removed on a clean stop. */
    public static final String SOURCES_FILE = "sources.properties";

    private StateDir() {}

    public static Path defaultLocation() {
        String env = System.getenv(ENV);
        return (env != null && !env.isBlank() ? Path.of(env) : Path.of(".gpuarb"))
                .toAbsolutePath()
                .normalize();
    }

    /** Writes a properties file of the state directory (UTF-8). */
    public static void writeProperties(Path file, Properties properties, String comment) {
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            properties.store(out, comment);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /** Reads a properties file of the state directory; empty when there is none. */
    public static Properties readProperties(Path file) throws IOException {
        Properties properties = new Properties();
        if (Files.isRegularFile(file)) {
            try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                properties.load(in);
            }
        }
        return properties;
    }
}
