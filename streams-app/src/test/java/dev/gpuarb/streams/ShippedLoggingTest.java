package dev.gpuarb.streams;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gpuarb.testkit.ShippedLogging;
import java.nio.file.Path;
import org.apache.logging.log4j.Level;
import org.junit.jupiter.api.Test;

/** The application's log4j2.xml keeps Jetty's request headers (the API token) out of the log at DEBUG. */
class ShippedLoggingTest {

    @Test
    void aRootLoggerAtDebugDoesNotWriteJettysRequestHeaders() {
        try (ShippedLogging logging = ShippedLogging.load(Path.of("src/main/resources/log4j2.xml"), Level.DEBUG)) {
            assertThat(logging.writes("some.library.Component", Level.DEBUG))
                    .as("the root at DEBUG")
                    .isTrue();
            assertThat(logging.writes("org.eclipse.jetty.http.HttpParser", Level.DEBUG))
                    .as("Jetty's parser logs each request header at DEBUG")
                    .isFalse();
            assertThat(logging.writes("org.eclipse.jetty.server.Server", Level.INFO))
                    .isTrue();
        }
    }
}
