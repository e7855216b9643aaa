package dev.gpuarb.e2e.security;

import java.util.ArrayList;
import java.util.List;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.config.Property;

/** Every log event of the JVM, at every level, with its exception chain, as text. */
final class CapturedLogs extends AbstractAppender implements AutoCloseable {

    private final List<String> lines = new ArrayList<>();
    private final LoggerContext context;
    private final org.apache.logging.log4j.Level previousRootLevel;
    private final java.util.Map<String, org.apache.logging.log4j.core.Appender> rootAppenders =
            new java.util.HashMap<>();

    private CapturedLogs(LoggerContext context) {
        super("captured-logs", null, null, true, Property.EMPTY_ARRAY);
        this.context = context;
        this.previousRootLevel = context.getConfiguration().getRootLogger().getLevel();
    }

    static CapturedLogs capture() {
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        CapturedLogs logs = new CapturedLogs(context);
        logs.start0();
        return logs;
    }

    private void start0() {
        start();
        Configuration config = context.getConfiguration();
        config.addAppender(this);
        for (LoggerConfig logger : config.getLoggers().values()) {
            logger.addAppender(this, org.apache.logging.log4j.Level.ALL, null);
        }
        // DEBUG as well: a secret printed at a low level is still a leak once someone turns it on. The
        // root's own appenders (the console) keep their previous level, so the build log stays readable.
        LoggerConfig root = config.getRootLogger();
        root.getAppenders().forEach((name, appender) -> {
            rootAppenders.put(name, appender);
            root.removeAppender(name);
            root.addAppender(appender, previousRootLevel, null);
        });
        root.addAppender(this, org.apache.logging.log4j.Level.ALL, null);
        root.setLevel(org.apache.logging.log4j.Level.DEBUG);
        context.updateLoggers();
    }

    @Override
    public void append(LogEvent event) {
        StringBuilder line = new StringBuilder(event.getLoggerName())
                .append(' ')
                .append(event.getMessage().getFormattedMessage());
        for (Throwable t = event.getThrown(); t != null; t = t.getCause()) {
            line.append(" | ").append(t);
        }
        synchronized (lines) {
            lines.add(line.toString());
        }
    }

    List<String> lines() {
        synchronized (lines) {
            return List.copyOf(lines);
        }
    }

    @Override
    public void close() {
        Configuration config = context.getConfiguration();
        for (LoggerConfig logger : config.getLoggers().values()) {
            logger.removeAppender(getName());
        }
        LoggerConfig root = config.getRootLogger();
        root.removeAppender(getName());
        rootAppenders.forEach((name, appender) -> {
            root.removeAppender(name);
            root.addAppender(appender, null, null);
        });
        root.setLevel(previousRootLevel);
        context.updateLoggers();
        stop();
    }
}
