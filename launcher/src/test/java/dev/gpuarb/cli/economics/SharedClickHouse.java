package dev.gpuarb.cli.economics;

import dev.gpuarb.clickhouse.embedded.EmbeddedClickHouse;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The embedded ClickHouse of the economics command tests: started once per test JVM and stopped when it
 * exits, each test class in its own database, so the module pays for one engine start.
 */
final class SharedClickHouse {

    private static EmbeddedClickHouse engine;

    private SharedClickHouse() {}

    static synchronized EmbeddedClickHouse engine() {
        if (engine == null) {
            try {
                engine = EmbeddedClickHouse.start(EmbeddedClickHouse.Config.defaults());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(engine::close));
        }
        return engine;
    }
}
