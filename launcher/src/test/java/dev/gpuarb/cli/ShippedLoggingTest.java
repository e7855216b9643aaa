package dev.gpuarb.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gpuarb.testkit.ShippedLogging;
import java.nio.file.Path;
import org.apache.logging.log4j.Level;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher's log4j2.xml (`gpuarb up` runs the HTTP API and Connect's REST server in its JVM) keeps
 * Jetty's request headers, the API token among them, out of the log file at DEBUG.
 */
class ShippedLoggingTest {

    private static final String LOG_DIR = "gpuarb.log.dir";

    @Test
    void aRootLoggerAtDebugDoesNotWriteJettysRequestHeaders(@TempDir Path logs) {
        String previous = System.getProperty(LOG_DIR);
        System.setProperty(LOG_DIR, logs.toString());
        try (ShippedLogging logging = ShippedLogging.load(Path.of("src/main/resources/log4j2.xml"), Level.DEBUG)) {
            assertThat(logging.writes("some.library.Component", Level.DEBUG))
                    .as("the root at DEBUG")
                    .isTrue();
            assertThat(logging.writes("org.eclipse.jetty.http.HttpParser", Level.DEBUG))
                    .as("Jetty's parser logs each request header at DEBUG")
                    .isFalse();
            assertThat(logging.writes("org.eclipse.jetty.server.Server", Level.INFO))
                    .isTrue();
        } finally {
            if (previous == null) {
                System.clearProperty(LOG_DIR);
            } else {
                System.setProperty(LOG_DIR, previous);
            }
        }
    }
}
