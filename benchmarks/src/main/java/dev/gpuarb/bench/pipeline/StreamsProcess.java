package dev.gpuarb.bench.pipeline;

import dev.gpuarb.streams.AppConfig;
import dev.gpuarb.streams.StreamsApp;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * The Streams application (production topology, exactly-once v2) in a child JVM of its own, so its
 * resident memory and CPU profile are its own and not the broker's. Optionally records JFR.
 */
public final class StreamsProcess implements AutoCloseable {

    private final Path workDir;
    private final String applicationId;
    private final Process process;

    /** Null for the pass-through, which is no gpuarb application. */
    private final AppConfig config;

    private StreamsProcess(Path workDir, String applicationId, Process process, AppConfig config) {
        this.workDir = workDir;
        this.applicationId = applicationId;
        this.process = process;
        this.config = config;
    }

    /**
     * @param jfr where to write a JFR recording (profile settings), or null for none
     */
    public static StreamsProcess start(
            String bootstrap, String registryUrl, Path workDir, String applicationId, String maxHeap, Path jfr) {
        return start(bootstrap, registryUrl, workDir, applicationId, maxHeap, jfr, Set.of(StreamsApp.values()));
    }

    /** As above, running only the given applications (e.g. routing alone, to measure its own memory). */
    public static StreamsProcess start(
            String bootstrap,
            String registryUrl,
            Path workDir,
            String applicationId,
            String maxHeap,
            Path jfr,
            Set<StreamsApp> apps) {
        try {
            Files.createDirectories(workDir);
            Map<String, String> s = new LinkedHashMap<>();
            s.put(AppConfig.APPLICATION_ID, applicationId);
            s.put(AppConfig.BOOTSTRAP_SERVERS, bootstrap);
            s.put(AppConfig.SCHEMA_REGISTRY_URL, registryUrl);
            s.put(AppConfig.PROCESSING_GUARANTEE, "exactly_once_v2");
            s.put(AppConfig.STATE_DIR, stateDir(workDir).toString());
            s.put(AppConfig.API_BIND, "127.0.0.1");
            s.put(AppConfig.API_PORT, "0");
            s.put("num.stream.threads", "1");
            s.put(
                    AppConfig.APPS,
                    String.join(",", apps.stream().map(StreamsApp::id).toList()));
            s.putAll(overrides());
            return new StreamsProcess(
                    workDir,
                    applicationId,
                    launch(workDir, maxHeap, jfr, StreamsChildMain.class, s),
                    AppConfig.from(s));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the Streams application JVM", e);
        }
    }

    /**
     * The exactly-once pass-through ({@link PassThroughChildMain}) on the given topics, with the commit
     * interval routing runs with by default (and the benchmark overrides' one, if they set it).
     */
    public static StreamsProcess startPassThrough(
            String bootstrap, Path workDir, String applicationId, String maxHeap, List<String> inputs) {
        try {
            Files.createDirectories(workDir);
            Map<String, String> overrides = overrides();
            Map<String, String> s = new LinkedHashMap<>();
            s.put("application.id", applicationId);
            s.put("bootstrap.servers", bootstrap);
            s.put("processing.guarantee", "exactly_once_v2");
            s.put("state.dir", stateDir(workDir).toString());
            s.put("num.stream.threads", "1");
            s.put(
                    "commit.interval.ms",
                    overrides.getOrDefault(
                            AppConfig.ROUTING_COMMIT_INTERVAL_MS,
                            AppConfig.DEFAULTS.get(AppConfig.ROUTING_COMMIT_INTERVAL_MS)));
            s.put(PassThroughChildMain.INPUTS, String.join(",", inputs));
            s.put(PassThroughChildMain.OUTPUT, applicationId + ".out");
            return new StreamsProcess(
                    workDir, applicationId, launch(workDir, maxHeap, null, PassThroughChildMain.class, s), null);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the pass-through JVM", e);
        }
    }

    private static Process launch(Path workDir, String maxHeap, Path jfr, Class<?> main, Map<String, String> settings)
            throws IOException {
        Path file = workDir.resolve("streams-app.properties");
        Properties props = new Properties();
        props.putAll(new TreeMap<>(settings));
        try (OutputStream out = Files.newOutputStream(file)) {
            props.store(out, "benchmark settings of " + main.getSimpleName());
        }
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xmx" + maxHeap);
        cmd.add("-Dgpuarb.bench.log=" + workDir.resolve("streams-app.log"));
        if (jfr != null) {
            cmd.add("-XX:StartFlightRecording=name=bench,settings=profile");
        }
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), main.getName(), file.toString()));
        return new ProcessBuilder(cmd)
                .redirectErrorStream(true)
                .redirectOutput(workDir.resolve("streams-app.out").toFile())
                .start();
    }

    /** Stops the JFR recording started with the process and writes it to the file (jcmd JFR.stop). */
    public void stopRecording(Path file) throws IOException, InterruptedException {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        Process p = new ProcessBuilder(
                        jcmd.toString(),
                        Long.toString(process.pid()),
                        "JFR.stop",
                        "name=bench",
                        "filename=" + file.toAbsolutePath())
                .redirectErrorStream(true)
                .redirectOutput(workDir.resolve("jcmd.out").toFile())
                .start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("jcmd JFR.stop did not finish");
        }
        if (p.exitValue() != 0) {
            throw new IOException("jcmd JFR.stop failed; see " + workDir.resolve("jcmd.out"));
        }
    }

    /** The last exception line the application logged (its log keeps warnings and errors), for a failure report. */
    public String failureCause() {
        try (var lines = Files.lines(workDir.resolve("streams-app.log"))) {
            // The first exception is the cause; later ones are usually consequences (tasks closed dirty, stores flushed
            // late).
            return lines.filter(l -> l.matches("^[a-zA-Z0-9_.$]+(Exception|Error): .*"))
                            .findFirst()
                            .orElse("exit status " + (process.isAlive() ? "none (still running)" : process.exitValue()))
                    + "; see " + workDir.resolve("streams-app.log");
        } catch (IOException | java.io.UncheckedIOException e) {
            return "see " + workDir.resolve("streams-app.log");
        }
    }

    /** Environment variable with settings for the measured application, to compare alternatives. */
    public static final String OVERRIDES_ENV = "GPUARB_BENCH_APP_SETTINGS";

    /**
     * Settings from {@value #OVERRIDES_ENV} ({@code key=value} pairs separated by spaces), which win over
     * the benchmark's own: e.g. another commit interval, or {@code gpuarb.apps=routing}. Empty when unset.
     */
    public static Map<String, String> overrides() {
        Map<String, String> o = new LinkedHashMap<>();
        String raw = System.getenv(OVERRIDES_ENV);
        if (raw == null || raw.isBlank()) {
            return o;
        }
        for (String pair : raw.trim().split("\\s+")) {
            String[] kv = pair.split("=", 2);
            if (kv.length != 2 || kv[0].isBlank()) {
                throw new IllegalArgumentException(OVERRIDES_ENV + ": expected key=value pairs, got '" + pair + "'");
            }
            o.put(kv[0], kv[1]);
        }
        return o;
    }

    public static Path stateDir(Path workDir) {
        return workDir.resolve("state");
    }

    public Path stateDir() {
        return stateDir(workDir);
    }

    public String applicationId() {
        return applicationId;
    }

    /**
     * For each Streams application the process runs (both, as {@code gpuarb up} does): its consumer
     * group (its application id) and which of {@code topics} it reads.
     */
    public Map<String, List<String>> groups(List<String> topics) {
        if (config == null) {
            return Map.of(applicationId, topics);
        }
        Map<String, List<String>> groups = new LinkedHashMap<>();
        for (StreamsApp app : config.apps()) {
            Set<String> sources = app.sourceTopics(config);
            groups.put(
                    app.applicationId(config),
                    topics.stream().filter(sources::contains).toList());
        }
        return groups;
    }

    /** False for the pass-through: its group reads inputs only, so it has no repartition topics to drain. */
    public boolean hasRepartitions() {
        return config != null;
    }

    /** The routing application's consumer group (the first application's, when routing does not run). */
    public String routingGroup() {
        if (config == null) {
            return applicationId;
        }
        return (config.apps().contains(StreamsApp.ROUTING)
                        ? StreamsApp.ROUTING
                        : config.apps().iterator().next())
                .applicationId(config);
    }

    /** The application's log file (warnings, and the lines a benchmark reads back; see log4j2.xml). */
    public Path log() {
        return workDir.resolve("streams-app.log");
    }

    public long pid() {
        return process.pid();
    }

    public void requireAlive() {
        if (!process.isAlive()) {
            throw new IllegalStateException("the Streams application exited with " + process.exitValue() + "; see "
                    + workDir.resolve("streams-app.out"));
        }
    }

    /** Orderly stop (SIGTERM runs the shutdown hook, which also dumps a JFR recording); kills after 60 s. */
    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(60, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            }
        }
    }
}
