package dev.gpuarb.bench.pipeline;

import dev.gpuarb.streams.Topologies;
import dev.gpuarb.streams.config.AppConfig;
import dev.gpuarb.streams.config.StreamsApp;
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

    /** Whether the application repartitions (every gpuarb application does; a pass-through with a hop too). */
    private final boolean repartitions;

    /** The application id of the warm-up run, or null when the process starts measured. */
    private final String warmUpId;

    /** The topics a pass-through reads; null for a gpuarb application, whose topology says. */
    private final List<String> passThroughInputs;

    private StreamsProcess(
            Path workDir,
            String applicationId,
            Process process,
            AppConfig config,
            boolean repartitions,
            String warmUpId,
            List<String> passThroughInputs) {
        this.passThroughInputs = passThroughInputs;
        this.workDir = workDir;
        this.repartitions = repartitions;
        this.applicationId = applicationId;
        this.process = process;
        this.warmUpId = warmUpId;
        this.config = config;
    }

    /**
     * @param jfr where to write a JFR recording (profile settings), or null for none
     */
    public static StreamsProcess start(
            String bootstrap, String registryUrl, Path workDir, String applicationId, String maxHeap, Path jfr) {
        return start(bootstrap, registryUrl, workDir, applicationId, maxHeap, jfr, Set.of(StreamsApp.values()), false);
    }

    /**
     * As above, running only the given applications (e.g. routing alone, to measure its own memory).
     *
     * @param warmUp first run the same applications under another application id ({@link #warmUpGroups}) on
     *     whatever the topics hold, until {@link #endWarmUp}; then start the measured ones in the same JVM, so
     *     they run compiled code as a long-running service does, not the interpreter and the JIT compiler
     */
    public static StreamsProcess start(
            String bootstrap,
            String registryUrl,
            Path workDir,
            String applicationId,
            String maxHeap,
            Path jfr,
            Set<StreamsApp> apps,
            boolean warmUp) {
        return start(bootstrap, registryUrl, workDir, applicationId, maxHeap, jfr, apps, warmUp, Map.of());
    }

    /** As above, with {@code settings} over the defaults and the benchmark's overrides (this reader's own). */
    public static StreamsProcess start(
            String bootstrap,
            String registryUrl,
            Path workDir,
            String applicationId,
            String maxHeap,
            Path jfr,
            Set<StreamsApp> apps,
            boolean warmUp,
            Map<String, String> settings) {
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
            metricsWindow(s);
            s.put(
                    AppConfig.APPS,
                    String.join(",", apps.stream().map(StreamsApp::id).toList()));
            s.putAll(overrides());
            s.putAll(settings);
            Map<String, String> warm = null;
            if (warmUp) {
                warm = new LinkedHashMap<>(s);
                warm.put(AppConfig.APPLICATION_ID, warmUpId(applicationId));
                warm.put(AppConfig.STATE_DIR, workDir.resolve("warm-up-state").toString());
            }
            return new StreamsProcess(
                    workDir,
                    applicationId,
                    launch(workDir, maxHeap, jfr, StreamsChildMain.class, s, warm),
                    AppConfig.from(s),
                    true,
                    warmUp ? warmUpId(applicationId) : null,
                    null);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the Streams application JVM", e);
        }
    }

    /**
     * The exactly-once pass-through ({@link PassThroughChildMain}) on the given topics, with the commit
     * interval routing runs with by default (and the benchmark overrides' one, if they set it).
     *
     * @param hopPartitions partitions of a repartition hop each record crosses once, or 0 for none
     */
    public static StreamsProcess startPassThrough(
            String bootstrap,
            Path workDir,
            String applicationId,
            String maxHeap,
            List<String> inputs,
            int hopPartitions,
            boolean warmUp) {
        try {
            Files.createDirectories(workDir);
            Map<String, String> overrides = overrides();
            Map<String, String> s = new LinkedHashMap<>();
            s.put("application.id", applicationId);
            s.put("bootstrap.servers", bootstrap);
            s.put("processing.guarantee", "exactly_once_v2");
            s.put("state.dir", stateDir(workDir).toString());
            s.put("num.stream.threads", "1");
            metricsWindow(s);
            s.put(
                    "commit.interval.ms",
                    overrides.getOrDefault(
                            AppConfig.ROUTING_COMMIT_INTERVAL_MS,
                            AppConfig.DEFAULTS.get(AppConfig.ROUTING_COMMIT_INTERVAL_MS)));
            s.put(PassThroughChildMain.INPUTS, String.join(",", inputs));
            s.put(PassThroughChildMain.OUTPUT, applicationId + ".out");
            s.put(PassThroughChildMain.HOP_PARTITIONS, Integer.toString(hopPartitions));
            Map<String, String> warm = null;
            if (warmUp) {
                warm = new LinkedHashMap<>(s);
                warm.put("application.id", warmUpId(applicationId));
                warm.put("state.dir", workDir.resolve("warm-up-state").toString());
            }
            return new StreamsProcess(
                    workDir,
                    applicationId,
                    launch(workDir, maxHeap, null, PassThroughChildMain.class, s, warm),
                    null,
                    hopPartitions > 0,
                    warmUp ? warmUpId(applicationId) : null,
                    List.copyOf(inputs));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the pass-through JVM", e);
        }
    }

    /**
     * Kafka Streams' thread ratios are over its metrics' rolling window (two samples of 30 s by default); two of
     * one second let a window of a few seconds be told from the one before. Changes only what the metrics average.
     */
    private static void metricsWindow(Map<String, String> settings) {
        settings.put("metrics.sample.window.ms", "1000");
        settings.put("metrics.num.samples", "2");
    }

    /** What the child's {@link ThreadMetricsSampler} wrote so far. */
    public ThreadRatioLog threadRatios() {
        return new ThreadRatioLog(threadMetricsFile(workDir));
    }

    private static Path threadMetricsFile(Path workDir) {
        return workDir.resolve("thread-metrics.tsv");
    }

    /**
     * Before the measured id, not after: a group's drain is judged on the repartition topics named after its id, and
     * a pass-through's warm-up id that began with its own would have its topics counted as the measured one's.
     */
    private static String warmUpId(String applicationId) {
        return "warm-up-" + applicationId;
    }

    /** The file whose creation ends the warm-up run (the child polls for it). */
    private static Path warmUpDone(Path workDir) {
        return workDir.resolve("warm-up.done");
    }

    private static Path settingsFile(Path file, Class<?> main, Map<String, String> settings) throws IOException {
        Properties props = new Properties();
        props.putAll(new TreeMap<>(settings));
        try (OutputStream out = Files.newOutputStream(file)) {
            props.store(out, "benchmark settings of " + main.getSimpleName());
        }
        return file;
    }

    /** Arguments of the child: its settings file, then, when it warms up first, the warm-up's and the end marker. */
    private static Process launch(
            Path workDir,
            String maxHeap,
            Path jfr,
            Class<?> main,
            Map<String, String> settings,
            Map<String, String> warm)
            throws IOException {
        Path file = settingsFile(workDir.resolve("streams-app.properties"), main, settings);
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xmx" + maxHeap);
        cmd.add("-Dgpuarb.bench.log=" + workDir.resolve("streams-app.log"));
        cmd.add("-D" + ThreadMetricsSampler.FILE_PROPERTY + "=" + threadMetricsFile(workDir));
        String jvmOptions = System.getenv(JVM_OPTIONS_ENV);
        if (jvmOptions != null && !jvmOptions.isBlank()) {
            cmd.addAll(List.of(jvmOptions.trim().split("\\s+")));
        }
        if (jfr != null && warm == null) { // with a warm-up, startRecording begins it after the warm-up
            cmd.add("-XX:StartFlightRecording=name=bench,settings=profile");
        }
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), main.getName(), file.toString()));
        if (warm != null) {
            Files.deleteIfExists(warmUpDone(workDir));
            cmd.add(settingsFile(workDir.resolve("warm-up.properties"), main, warm)
                    .toString());
            cmd.add(warmUpDone(workDir).toString());
        }
        return new ProcessBuilder(cmd)
                .redirectErrorStream(true)
                .redirectOutput(workDir.resolve("streams-app.out").toFile())
                .start();
    }

    /** Starts a JFR recording (profile settings) in the running process, for one that warmed up first. */
    public void startRecording() throws IOException, InterruptedException {
        jcmd("JFR.start", "name=bench", "settings=profile");
    }

    /** Stops the JFR recording and writes it to the file (jcmd JFR.stop). */
    public void stopRecording(Path file) throws IOException, InterruptedException {
        jcmd("JFR.stop", "name=bench", "filename=" + file.toAbsolutePath());
    }

    private void jcmd(String... command) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString());
        cmd.add(Long.toString(process.pid()));
        cmd.addAll(List.of(command));
        Process p = new ProcessBuilder(cmd)
                .redirectErrorStream(true)
                .redirectOutput(workDir.resolve("jcmd.out").toFile())
                .start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("jcmd " + command[0] + " did not finish");
        }
        if (p.exitValue() != 0) {
            throw new IOException("jcmd " + command[0] + " failed; see " + workDir.resolve("jcmd.out"));
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

    /** Environment variable with JVM options for the measured application's process (space-separated). */
    public static final String JVM_OPTIONS_ENV = "GPUARB_BENCH_APP_JVM_OPTIONS";

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
            return Map.of(
                    applicationId,
                    topics.stream().filter(passThroughInputs::contains).toList());
        }
        Map<String, List<String>> groups = new LinkedHashMap<>();
        for (StreamsApp app : config.apps()) {
            Set<String> sources = Topologies.sourceTopics(app, config);
            groups.put(
                    app.applicationId(config),
                    topics.stream().filter(sources::contains).toList());
        }
        return groups;
    }

    /** As {@link #groups}, for the warm-up run. */
    public Map<String, List<String>> warmUpGroups(List<String> topics) {
        if (warmUpId == null) {
            throw new IllegalStateException(applicationId + " has no warm-up");
        }
        if (config == null) {
            return Map.of(warmUpId, groups(topics).get(applicationId));
        }
        Map<String, List<String>> groups = new LinkedHashMap<>();
        groups(topics).forEach((group, read) -> groups.put(warmUpId + group.substring(applicationId.length()), read));
        return groups;
    }

    /** Stops the warm-up run; the measured one starts in the same JVM. */
    public void endWarmUp() throws IOException {
        Files.createFile(warmUpDone(workDir));
    }

    /** False for the pass-through without a hop: its group reads inputs only, so it has no repartition topics to drain. */
    public boolean hasRepartitions() {
        return repartitions;
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
