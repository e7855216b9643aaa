package dev.gpuarb.cli.local;

import dev.gpuarb.cli.common.StateDir;
import dev.gpuarb.clickhouse.embedded.EmbeddedClickHouse;
import dev.gpuarb.clickhouse.embedded.PasswordFile;
import dev.gpuarb.engines.connect.EmbeddedConnectWorker;
import dev.gpuarb.engines.kafka.EmbeddedKafkaBroker;
import dev.gpuarb.engines.registry.EmbeddedSchemaRegistry;
import dev.gpuarb.streams.StreamsService;
import dev.gpuarb.streams.config.AppConfig;
import dev.gpuarb.streams.config.StreamsApp;
import dev.gpuarb.topics.Topic;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.function.Supplier;

/**
 * The pipeline's engines on one machine, started in dependency order with progress on the
 * terminal and stopped in reverse order. All state lives under one directory, so the next run
 * resumes where this one stopped.
 */
public final class LocalStack implements AutoCloseable {

    /** Secrets the Connect worker resolves for connector configs (mode 600), beside the other state. */
    static final String CONNECT_SECRETS_FILE = "connect-secrets.properties";

    /** How far back a fresh run's simulated market starts (see {@link #simulatorStart()}). */
    static final Duration SIMULATED_HISTORY = Duration.ofDays(7);

    private final Path stateDir;
    private final Ports ports;
    private final SourcePlan sources;
    private final PrintStream out;
    /** The sources this run streams from, with their connector configs; set once the sources were probed. */
    private Map<LocalSource, Map<String, String>> running = Map.of();

    private Map<LocalSource, SourceProbe.Result> probes = Map.of();
    private boolean fellBack;
    private final Deque<Stoppable> started = new ArrayDeque<>();
    private final Map<String, String> endpoints = new LinkedHashMap<>();
    private EmbeddedKafkaBroker kafka;
    private EmbeddedSchemaRegistry registry;
    private EmbeddedClickHouse clickhouse;
    private EmbeddedConnectWorker connect;
    private StreamsService streams;

    public LocalStack(Path stateDir, Ports ports, SourcePlan sources, PrintStream out) {
        this.stateDir = stateDir;
        this.ports = ports;
        this.sources = sources;
        this.out = out;
    }

    /** Starts every engine; on failure stops what was started and rethrows. */
    public void start() {
        PortCheck.requireFree(ports.kafka(), "Kafka", "--kafka-port");
        PortCheck.requireFree(ports.registry(), "schema registry", "--registry-port");
        PortCheck.requireFree(ports.clickhouse(), "ClickHouse", "--clickhouse-port");
        PortCheck.requireFree(ports.connect(), "Kafka Connect", "--connect-port");
        if (ports.streamsApi() != 0) {
            PortCheck.requireFree(ports.streamsApi(), "Streams API", "--api-port");
        }
        try {
            // Broker time stamps the records: the simulator runs faster than the clock, and the broker
            // refuses or expires records whose own timestamps are far from now. Event time travels in
            // the payload, which is what the Streams application reads.
            kafka = step(
                    "Kafka broker (KRaft)",
                    () -> EmbeddedKafkaBroker.start(EmbeddedKafkaBroker.Config.defaults()
                            .withDataDir(stateDir.resolve("kafka"))
                            .withPort(ports.kafka())
                            .withOverrides(Map.of("log.message.timestamp.type", "LogAppendTime"), Map.of())));
            started.push(kafka::close);
            endpoints.put("kafka", kafka.bootstrapServers());

            step("topics from the catalog", () -> {
                kafka.createTopics(Arrays.stream(Topic.values())
                        .map(t -> t.newTopic((short) 1))
                        .toList());
                return Topic.values().length + " topics";
            });

            registry = step(
                    "schema registry",
                    () -> EmbeddedSchemaRegistry.start(EmbeddedSchemaRegistry.Config.defaults()
                            .withDataDir(stateDir.resolve("registry"))
                            .withPort(ports.registry())));
            started.push(registry::close);
            endpoints.put("schema registry", registry.url());

            clickhouse = step("ClickHouse", () -> {
                try {
                    // Random, readable only by the user: every client of the run reads it from there.
                    String password = PasswordFile.readOrCreate(stateDir.resolve(StateDir.CLICKHOUSE_PASSWORD_FILE));
                    return EmbeddedClickHouse.start(EmbeddedClickHouse.Config.of(stateDir.resolve("clickhouse"))
                            .withPort(ports.clickhouse())
                            .withPassword(password));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            started.push(clickhouse::close);
            endpoints.put("clickhouse", clickhouse.httpUrl());

            Path secrets = stateDir.resolve(CONNECT_SECRETS_FILE);
            connect = step("Kafka Connect worker", () -> {
                writeConnectSecrets(secrets);
                Map<String, String> worker = new HashMap<>(PipelineConnectors.worker(registry.url()));
                worker.putAll(PipelineConnectors.secretsProvider(secrets));
                return EmbeddedConnectWorker.start(new EmbeddedConnectWorker.Config(
                        EmbeddedConnectWorker.Mode.DISTRIBUTED,
                        kafka.bootstrapServers(),
                        "gpuarb-connect",
                        null,
                        ports.connect(),
                        worker));
            });
            started.push(connect::close);
            endpoints.put("kafka connect", connect.restUrl());

            step("price sources", this::chooseSources);
            reportSources();
            step("price connectors", () -> {
                startConnectors();
                return running.isEmpty()
                        ? "none (replayed dumps only)"
                        : SourcePlan.labels(running.keySet()) + " running";
            });
            step("ClickHouse sink", () -> {
                // The REST API and the config topic hold a reference; the worker reads the password from the file.
                connect.putConnector(
                        "clickhouse-sink",
                        PipelineConnectors.sink(
                                clickhouse.httpUrl(),
                                PipelineConnectors.secretReference(secrets, "clickhouse.password")));
                try {
                    connect.awaitRunning("clickhouse-sink", 1, Duration.ofSeconds(120));
                } catch (IllegalStateException failed) {
                    // The worker starts the sink from its stored config before the one above arrives; a state
                    // directory from before the run had a password holds a config without it, whose task fails.
                    connect.restartFailed("clickhouse-sink");
                    connect.awaitRunning("clickhouse-sink", 1, Duration.ofSeconds(120));
                }
                return "running";
            });

            step("route policies", () -> {
                try {
                    int written = DemoPolicies.seedIfEmpty(clientProperties());
                    return written == 0 ? "kept" : written + " demo policies";
                } catch (Exception e) {
                    throw new IllegalStateException("cannot seed route policies: " + e.getMessage(), e);
                }
            });

            streams = step("Streams applications", () -> {
                try {
                    return StreamsService.start(AppConfig.from(streamsSettings()));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            started.push(streams::close);
            endpoints.put(
                    "streams api",
                    "http://" + streams.apiAddress().getHostString() + ":"
                            + streams.apiAddress().getPort());
            writeEndpoints();
            writeSources();
            if (!sources.replay().isEmpty()) {
                out.println("  replay of " + sources.replay() + ":");
                int exit = DumpReplay.run(sources.replay(), kafka.bootstrapServers(), registry.url());
                out.println(
                        exit == 0
                                ? "  replay done"
                                : "  replay ended with exit code " + exit + " (see above); the run goes on");
            }
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /** How long the probe of each public source may take before the run counts it as unreachable. */
    static final Duration PROBE_TIMEOUT = Duration.ofSeconds(10);

    /**
     * Probes the public sources asked for and settles what runs: every source asked for (one that did
     * not answer keeps retrying with backoff and joins when it answers), plus the simulator when public
     * sources were asked for and none answered.
     */
    private String chooseSources() {
        try {
            Instant simStart = simulatorStart();
            Map<LocalSource, Map<String, String>> configs = new LinkedHashMap<>();
            for (LocalSource source : sources.sources()) {
                configs.put(source, referencingSecrets(source, sources.connectorConfig(source, simStart)));
            }
            Map<LocalSource, Map<String, String>> real = new LinkedHashMap<>(configs);
            real.keySet().removeIf(s -> !s.isReal());
            probes = SourceProbe.probe(real, PROBE_TIMEOUT);
            long answered = probes.values().stream()
                    .filter(SourceProbe.Result::answered)
                    .count();
            fellBack = sources.wantsRealSources() && answered == 0 && !configs.containsKey(LocalSource.SIM);
            if (fellBack) {
                configs.put(LocalSource.SIM, PipelineConnectors.source(LocalSource.SIM, simStart));
            }
            running = configs;
            return real.isEmpty() ? "no public source asked for" : answered + " of " + real.size() + " answer";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The config with each password setting replaced by a reference to the worker's secrets file. */
    private Map<String, String> referencingSecrets(LocalSource source, Map<String, String> config) {
        Map<String, String> secrets = sources.secrets();
        Map<String, String> referenced = new LinkedHashMap<>(config);
        referenced.replaceAll((key, value) -> SourcePlan.isSecret(source, key)
                        && secrets.containsKey(source.label() + "." + key)
                ? PipelineConnectors.secretReference(stateDir.resolve(CONNECT_SECRETS_FILE), source.label() + "." + key)
                : value);
        return referenced;
    }

    /** Says once, per public source, whether it answered, and loudly when the run falls back to the simulator. */
    private void reportSources() {
        probes.forEach((source, result) -> out.printf(
                "    %-12s %s%n",
                source.label(),
                result.answered()
                        ? "answers (" + result.detail() + ")"
                        : "NOT reachable (" + result.detail()
                                + "); its connector retries with backoff and the run goes on"));
        if (fellBack) {
            out.println("    No public price source answered (offline?): falling back to the market simulator, whose");
            out.println("    providers and prices are simulated. Public sources join when they answer; choose with");
            out.println(
                    "    --sources sim (simulator only), --sources real (default) or a list, e.g. --sources skypilot,litellm.");
        }
    }

    /**
     * Puts the connector of every running source and removes the price connectors a previous run on this
     * state left that this run does not want (Connect keeps connectors across restarts).
     */
    private void startConnectors() {
        for (String name : connect.connectorNames()) {
            boolean priceConnector = LocalSource.connectorNames().contains(name);
            boolean wanted =
                    running.keySet().stream().anyMatch(s -> s.connectorName().equals(name));
            if (priceConnector && !wanted) {
                connect.deleteConnector(name);
            }
        }
        running.forEach((source, config) -> connect.putConnector(source.connectorName(), config));
        for (LocalSource source : running.keySet()) {
            connect.awaitRunning(source.connectorName(), 1, Duration.ofSeconds(60));
        }
    }

    /** Written for {@code gpuarb status}: what runs, what the probe found, and whether the run fell back. */
    private void writeSources() {
        Properties p = new Properties();
        running.keySet().forEach(source -> {
            p.setProperty(source.label() + ".connector", source.connectorName());
            p.setProperty(source.label() + ".source", source.sourceId());
            SourceProbe.Result probe = probes.get(source);
            p.setProperty(
                    source.label() + ".at-start",
                    probe == null
                            ? "not probed"
                            : (probe.answered() ? "answered: " : "NOT reachable: ") + probe.detail());
        });
        p.setProperty("fallback", Boolean.toString(fellBack));
        StateDir.writeProperties(stateDir.resolve(StateDir.SOURCES_FILE), p, "Price sources of the running local run");
    }

    /**
     * Simulated time of the simulator's first tick: a week back on a fresh state, then kept in the
     * state directory, since the simulator's offsets count ticks from it and a resumed run must
     * continue the same market. At 60x the simulator catches up with the wall clock after about
     * 2.8 hours of lively demo, then follows real time: it never dates a price in the future.
     */
    private Instant simulatorStart() throws IOException {
        Path file = stateDir.resolve("simulator-start");
        if (Files.isRegularFile(file)) {
            return Instant.parse(Files.readString(file, StandardCharsets.UTF_8).trim());
        }
        Instant start = Instant.now().minus(SIMULATED_HISTORY).truncatedTo(ChronoUnit.HOURS);
        Files.writeString(file, start + "\n", StandardCharsets.UTF_8);
        return start;
    }

    /**
     * Writes the secrets the worker resolves (the ClickHouse password, the sources' password settings
     * such as an API key), readable by the user only.
     */
    private void writeConnectSecrets(Path file) {
        Properties secrets = new Properties();
        secrets.setProperty("clickhouse.password", clickhouse.password());
        sources.secrets().forEach(secrets::setProperty);
        try {
            Files.deleteIfExists(file);
            Files.createFile(
                    file,
                    java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                            java.nio.file.attribute.PosixFilePermissions.fromString("rw-------")));
            try (var out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
                secrets.store(out, "Read by the local run's Kafka Connect worker (config provider 'file')");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /** Client properties of the running pipeline (bootstrap servers and registry URL). */
    public Map<String, Object> clientProperties() {
        Map<String, Object> props = new HashMap<>(kafka.clientProperties());
        props.put("schema.registry.url", registry.url());
        return props;
    }

    private Properties streamsSettings() {
        Properties p = new Properties();
        p.setProperty(AppConfig.BOOTSTRAP_SERVERS, kafka.bootstrapServers());
        p.setProperty(AppConfig.SCHEMA_REGISTRY_URL, registry.url());
        p.setProperty(AppConfig.STATE_DIR, stateDir.resolve("streams").toString());
        p.setProperty(AppConfig.API_BIND, "127.0.0.1");
        p.setProperty(AppConfig.API_PORT, Integer.toString(ports.streamsApi()));
        // Every engine shares one JVM and the machine's cores here; Kafka Streams' exactly-once default
        // of 10 s lets the broker abort a transaction slowed by a busy machine, which fences the thread
        // and restarts its tasks over and over. A minute keeps a loaded laptop making progress.
        p.setProperty("producer.transaction.timeout.ms", "60000");
        return p;
    }

    private <T> T step(String what, Supplier<T> action) {
        out.printf("  %-28s ... ", what);
        out.flush();
        long t0 = System.nanoTime();
        try {
            T result = action.get();
            out.printf(
                    "ok (%.1f s)%s%n",
                    (System.nanoTime() - t0) / 1e9, result instanceof String note ? ", " + note : "");
            return result;
        } catch (RuntimeException e) {
            out.println("FAILED");
            throw e;
        }
    }

    /**
     * Probes of every part of this run, for {@code gpuarb up} to stop with a clear message when one
     * fails instead of running on with a dead part.
     */
    public PipelineWatch watch() {
        String logs = Path.of(System.getProperty(
                        "gpuarb.log.dir", stateDir.resolve("logs").toString()))
                .resolve("gpuarb.log")
                .toString();
        String again =
                "The cause is in " + logs + ". Run ./gpuarb up again to restart; state is kept in " + stateDir + ".";
        HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        PipelineWatch watch = new PipelineWatch();
        for (LocalSource source : running.keySet()) {
            String name = source.connectorName();
            watch.add(
                    "price connector " + source.label(),
                    () -> PipelineWatch.connector(name, connect.status(name), again));
        }
        return watch.add(
                        "Kafka broker",
                        () -> kafka.isRunning()
                                ? PipelineWatch.ok()
                                : PipelineWatch.failed("the broker stopped", again))
                .add(
                        "schema registry",
                        () -> registry.isRunning()
                                ? PipelineWatch.ok()
                                : PipelineWatch.failed("its process exited (log: " + registry.logFile() + ")", again))
                .add("ClickHouse", () -> PipelineWatch.answers(http, clickhouse.httpUrl() + "/ping", again))
                .add(
                        "ClickHouse sink",
                        () -> PipelineWatch.connector("clickhouse-sink", connect.status("clickhouse-sink"), again))
                .add("Streams applications", () -> {
                    for (StreamsApp app : streams.apps()) {
                        switch (streams.state(app)) {
                            case ERROR, PENDING_ERROR, NOT_RUNNING, PENDING_SHUTDOWN -> {
                                return PipelineWatch.failed(
                                        "Kafka Streams of the " + app.id() + " application is "
                                                + streams.state(app) + "; "
                                                + (app == StreamsApp.ROUTING
                                                        ? "routes and margins"
                                                        : "spreads, profiles, bids and alerts")
                                                + " have stopped",
                                        again);
                            }
                            default -> {}
                        }
                    }
                    return PipelineWatch.ok();
                });
    }

    /** What listens where, in start order. */
    public Map<String, String> endpoints() {
        return Map.copyOf(endpoints);
    }

    public void printEndpoints() {
        out.println();
        endpoints.forEach((name, url) -> out.printf("  %-16s %s%n", name, url));
        out.printf("  %-16s %s%n", "state", stateDir);
    }

    /** Written for {@code gpuarb status} and other tools. */
    private void writeEndpoints() {
        Properties p = new Properties();
        endpoints.forEach((name, url) -> p.setProperty(name.replace(' ', '_'), url));
        StateDir.writeProperties(
                stateDir.resolve(StateDir.ENDPOINTS_FILE), p, "Where the parts of the running local run listen");
    }

    @Override
    public void close() {
        while (!started.isEmpty()) {
            try {
                started.pop().stop();
            } catch (RuntimeException e) {
                out.println("  (while stopping: " + e.getMessage() + ")");
            }
        }
        try {
            Files.deleteIfExists(stateDir.resolve(StateDir.ENDPOINTS_FILE));
            Files.deleteIfExists(stateDir.resolve(StateDir.SOURCES_FILE));
        } catch (IOException ignored) {
            // a stale endpoints file only makes `status` report engines as down
        }
    }

    @FunctionalInterface
    private interface Stoppable {
        void stop();
    }
}
