package dev.gpuarb.connectors.core;

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
 * Every log line of the project's loggers, at every level, exactly as formatted (the message
 * with its arguments), while open. The console keeps its own level, so the build log stays as it is.
 */
public final class CapturedLogs extends AbstractAppender implements AutoCloseable {

    private static final String PROJECT = "dev.gpuarb";

    private final List<String> lines = new ArrayList<>();
    private final LoggerContext context;
    private final Map<String, Appender> rootAppenders = new HashMap<>();
    private Level projectLevel;

    private CapturedLogs(LoggerContext context) {
        super("captured-connector-logs", null, null, true, Property.EMPTY_ARRAY);
        this.context = context;
    }

    public static CapturedLogs capture() {
        CapturedLogs logs = new CapturedLogs((LoggerContext) LogManager.getContext(false));
        logs.attach();
        return logs;
    }

    private void attach() {
        start();
        Configuration config = context.getConfiguration();
        config.addAppender(this);
        LoggerConfig root = config.getRootLogger();
        root.getAppenders().forEach((name, appender) -> {
            rootAppenders.put(name, appender);
            root.removeAppender(name);
            root.addAppender(appender, Level.WARN, null);
        });
        LoggerConfig project = config.getLoggerConfig(PROJECT);
        projectLevel = project.getLevel();
        project.setLevel(Level.ALL);
        project.addAppender(this, Level.ALL, null);
        context.updateLoggers();
    }

    @Override
    public void append(LogEvent event) {
        synchronized (lines) {
            lines.add(event.getLevel() + " " + event.getLoggerName() + " "
                    + event.getMessage().getFormattedMessage());
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
        LoggerConfig project = config.getLoggerConfig(PROJECT);
        project.removeAppender(getName());
        project.setLevel(projectLevel);
        LoggerConfig root = config.getRootLogger();
        rootAppenders.forEach((name, appender) -> {
            root.removeAppender(name);
            root.addAppender(appender, null, null);
        });
        context.updateLoggers();
        stop();
    }
}
