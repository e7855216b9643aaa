package dev.gpuarb.testkit;

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

    /** Whether a logger of this name writes events of this level. */
    public boolean writes(String logger, Level level) {
        return context.getLogger(logger).isEnabled(level);
    }

    @Override
    public void close() {
        context.stop();
    }
}
