package dev.gpuarb.streams.integration;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * The Streams application in a child JVM, started from a settings file, so that a test can kill
 * it the hard way ({@link Process#destroyForcibly()}, SIGKILL on Unix): no shutdown hook, no final
 * commit, no closing of transactions. Output goes to a log file per start; the child's standard
 * input stays open as a lifeline (see {@link StdinBoundApp}).
 */
final class StreamsAppProcess implements AutoCloseable {

    private final Path settingsFile;
    private final Path logDir;
    private int starts;
    private Process process;
    /** Started and neither killed nor stopped since: it ought to be alive. */
    private boolean running;

    StreamsAppProcess(Path workDir, Map<String, String> settings) {
        this.logDir = workDir;
        this.settingsFile = workDir.resolve("streams-app.properties");
        Properties props = new Properties();
        props.putAll(new TreeMap<>(settings));
        try (OutputStream out = Files.newOutputStream(settingsFile)) {
            props.store(out, "settings of the Streams application under test");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void start() {
        if (isAlive()) {
            throw new IllegalStateException("already running");
        }
        starts++;
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        // The production logging configuration, not the test one on the same class path: the log is for diagnosis.
        ProcessBuilder builder = new ProcessBuilder(List.of(
                        java.toString(),
                        "-Xmx384m",
                        "-Dlog4j2.configurationFile=log4j2.xml",
                        "-cp",
                        System.getProperty("java.class.path"),
                        StdinBoundApp.class.getName(),
                        settingsFile.toString()))
                .redirectErrorStream(true)
                .redirectOutput(logDir.resolve("streams-app-" + starts + ".log").toFile());
        try {
            process = builder.start();
            running = true;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the Streams application JVM", e);
        }
    }

    boolean isAlive() {
        return process != null && process.isAlive();
    }

    /** How many times the application was started. */
    int starts() {
        return starts;
    }

    /** SIGKILL: the application gets no chance to commit, flush or close anything. */
    void kill() {
        running = false;
        if (process != null) {
            process.destroyForcibly();
            awaitExit(30);
        }
    }

    /** Asks for an orderly shutdown (SIGTERM runs the application's shutdown hook); kills after a bounded wait. */
    void stop() {
        running = false;
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!awaitExit(60)) {
                kill();
            }
        }
    }

    /**
     * The application must still be running, e.g. after a wait: a crash would otherwise look like a
     * stall. One the test killed or stopped on purpose passes.
     */
    void requireAlive() {
        if (running && !isAlive()) {
            throw new IllegalStateException("the Streams application exited with " + process.exitValue() + "; see "
                    + logDir.resolve("streams-app-" + starts + ".log"));
        }
    }

    private boolean awaitExit(long seconds) {
        try {
            return process.waitFor(seconds, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public void close() {
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
            awaitExit(30);
        }
    }
}
