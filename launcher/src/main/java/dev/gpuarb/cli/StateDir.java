package dev.gpuarb.cli;

import java.nio.file.Path;

/**
 * Where a local run keeps its state (Kafka log, registry database, ClickHouse data, logs), so the
 * next run resumes: {@code $GPUARB_STATE_DIR}, else {@code .gpuarb} in the working directory.
 */
public final class StateDir {

    public static final String ENV = "GPUARB_STATE_DIR";

    private StateDir() {
    }

    public static Path defaultLocation() {
        String env = System.getenv(ENV);
        return (env != null && !env.isBlank() ? Path.of(env) : Path.of(".gpuarb")).toAbsolutePath().normalize();
    }
}
