package dev.gpuarb.testkit;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.Appender;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.config.Property;

/**
 * Log lines written while open, each as {@code LEVEL logger message}, for tests of what a component logs
 * (and of what it must never log). The console keeps the level it had, so the build log stays as it is.
 */
public final class CapturedLogs extends AbstractAppender implements AutoCloseable {

    private static final String PROJECT = "dev.gpuarb";

    private final List<String> lines = new ArrayList<>();
    private final LoggerContext context;
    private final boolean everything;
    private final Map<String, Appender> rootAppenders = new HashMap<>();
    private Level projectLevel;
    private Level rootLevel;

    private CapturedLogs(LoggerContext context, boolean everything) {
        super("captured-logs", null, null, true, Property.EMPTY_ARRAY);
        this.context = context;
        this.everything = everything;
    }

    /** Every level of the project's own loggers ({@code dev.gpuarb}). */
    public static CapturedLogs project() {
        return attach(false);
    }

    /**
     * Every logger of the JVM from DEBUG up, each line followed by its exception chain ({@code | exception}):
     * for checks that a secret appears nowhere, since one printed at a low level is still a leak once someone
     * turns that level on.
     */
    public static CapturedLogs everything() {
        return attach(true);
    }

    private static CapturedLogs attach(boolean everything) {
        CapturedLogs logs = new CapturedLogs((LoggerContext) LogManager.getContext(false), everything);
        logs.start();
        Configuration config = logs.context.getConfiguration();
        config.addAppender(logs);
        LoggerConfig root = config.getRootLogger();
        logs.rootLevel = root.getLevel();
        root.getAppenders().forEach((name, appender) -> {
            logs.rootAppenders.put(name, appender);
            root.removeAppender(name);
            root.addAppender(appender, logs.rootLevel, null);
        });
        if (everything) {
            for (LoggerConfig logger : config.getLoggers().values()) {
                if (logger != root) {
                    logger.addAppender(logs, Level.ALL, null);
                }
            }
            root.addAppender(logs, Level.ALL, null);
            root.setLevel(Level.DEBUG);
        } else {
            LoggerConfig project = config.getLoggerConfig(PROJECT);
            logs.projectLevel = project.getLevel();
            project.setLevel(Level.ALL);
            project.addAppender(logs, Level.ALL, null);
        }
        logs.context.updateLoggers();
        return logs;
    }

    @Override
    public void append(LogEvent event) {
        StringBuilder line = new StringBuilder()
                .append(event.getLevel())
                .append(' ')
                .append(event.getLoggerName())
                .append(' ')
                .append(event.getMessage().getFormattedMessage());
        if (everything) {
            for (Throwable t = event.getThrown(); t != null; t = t.getCause()) {
                line.append(" | ").append(t);
            }
        }
        synchronized (lines) {
            lines.add(line.toString());
        }
    }

    public List<String> lines() {
        synchronized (lines) {
            return List.copyOf(lines);
        }
    }

    @Override
    public void close() {
        Configuration config = context.getConfiguration();
        LoggerConfig root = config.getRootLogger();
        if (everything) {
            for (LoggerConfig logger : config.getLoggers().values()) {
                logger.removeAppender(getName());
            }
            root.removeAppender(getName());
        } else {
            LoggerConfig project = config.getLoggerConfig(PROJECT);
            project.removeAppender(getName());
            project.setLevel(projectLevel);
        }
        rootAppenders.forEach((name, appender) -> {
            root.removeAppender(name);
            root.addAppender(appender, null, null);
        });
        root.setLevel(rootLevel);
        context.updateLoggers();
        stop();
    }
}
