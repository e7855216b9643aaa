package dev.gpuarb.cli;

import java.nio.file.Path;

/**
 * Where a local run keeps its state (Kafka log, registry database, ClickHouse data, logs), so the
 * next run resumes: {@code $GPUARB_STATE_DIR}, else {@code .gpuarb} in the working directory.
 */
public final class StateDir {

    public static final String ENV = "GPUARB_STATE_DIR";

    /** The local run's ClickHouse password (user {@code default}): random, in the state directory, mode 600. */
    public static final String CLICKHOUSE_PASSWORD_FILE = "clickhouse.password";

    private StateDir() {
    }

    public static Path defaultLocation() {
        String env = System.getenv(ENV);
        return (env != null && !env.isBlank() ? Path.of(env) : Path.of(".gpuarb")).toAbsolutePath().normalize();
    }
}
