package dev.gpuarb.cli;

import dev.gpuarb.testkit.ShippedLogging;
import java.nio.file.Path;
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
        // The configuration's file appender writes under this directory.
        String previous = System.getProperty(LOG_DIR);
        System.setProperty(LOG_DIR, logs.toString());
        try {
            ShippedLogging.assertRequestHeadersStayOutAtDebug(Path.of("src/main/resources/log4j2.xml"));
        } finally {
            if (previous == null) {
                System.clearProperty(LOG_DIR);
            } else {
                System.setProperty(LOG_DIR, previous);
            }
        }
    }
}
