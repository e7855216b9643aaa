package dev.gpuarb.testkit;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.LoggerContext;

/**
 * A module's shipped Log4j configuration loaded into a context of its own (the test's logging is left
 * alone), for tests of what it lets through when someone turns the root logger up.
 */
public final class ShippedLogging implements AutoCloseable {

    private final LoggerContext context;

    private ShippedLogging(LoggerContext context) {
        this.context = context;
    }

    /** Loads {@code config} (a log4j2.xml) and sets its root logger to {@code rootLevel}. */
    public static ShippedLogging load(Path config, Level rootLevel) {
        LoggerContext context = new LoggerContext("shipped-" + config.toAbsolutePath());
        context.setConfigLocation(config.toUri());
        if (context.getConfiguration().getLoggers().isEmpty()) {
            context.stop();
            throw new IllegalArgumentException(config + " holds no Log4j logger configuration");
        }
        context.getConfiguration().getRootLogger().setLevel(rootLevel);
        context.updateLoggers();
        return new ShippedLogging(context);
    }

    /**
     * Asserts that {@code config}, with its root logger turned to DEBUG, still keeps Jetty's parser quiet:
     * at DEBUG it writes every request header, bearer tokens included.
     */
    public static void assertRequestHeadersStayOutAtDebug(Path config) {
        try (ShippedLogging logging = load(config, Level.DEBUG)) {
            assertTrue(logging.writes("some.library.Component", Level.DEBUG), config + ": the root logger at DEBUG");
            assertFalse(
                    logging.writes("org.eclipse.jetty.http.HttpParser", Level.DEBUG),
                    config + ": Jetty's parser writes each request header at DEBUG, the API token among them");
            assertTrue(logging.writes("org.eclipse.jetty.server.Server", Level.INFO), config + ": Jetty at INFO");
        }
    }

    /** Whether a logger of this name writes events of this level. */
    public boolean writes(String logger, Level level) {
        return context.getLogger(logger).isEnabled(level);
    }

    @Override
    public void close() {
        context.stop();
    }
}
