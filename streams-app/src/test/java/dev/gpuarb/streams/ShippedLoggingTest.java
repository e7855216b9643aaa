package dev.gpuarb.streams;

import dev.gpuarb.testkit.ShippedLogging;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The application's log4j2.xml keeps Jetty's request headers (the API token) out of the log at DEBUG. */
class ShippedLoggingTest {

    @Test
    void aRootLoggerAtDebugDoesNotWriteJettysRequestHeaders() {
        ShippedLogging.assertRequestHeadersStayOutAtDebug(Path.of("src/main/resources/log4j2.xml"));
    }
}
