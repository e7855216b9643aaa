package dev.gpuarb.engines.registry;

import dev.gpuarb.engines.UnitTier;
import dev.gpuarb.engines.net.FreePorts;
import dev.gpuarb.engines.net.Waits;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real schema registry speaking the Confluent REST API: Apicurio Registry run as a child JVM,
 * bound to 127.0.0.1, with BACKWARD compatibility as the global default (Apicurio's default is
 * NONE, which would let a breaking schema change through unnoticed).
 *
 * <p>Storage is an H2 database in {@code dataDir} when one is given, so ids survive restarts (data
 * already in Kafka must stay readable); in memory otherwise. The child is started through a small
 * shell watchdog that ends it when this JVM disappears, even on SIGKILL, so no registry is left
 * running after a crashed test or run.
 */
public final class EmbeddedSchemaRegistry implements AutoCloseable {

    /** Base path of Apicurio's Confluent-compatible API. */
    public static final String CCOMPAT_PATH = "/apis/ccompat/v7";

    private static final Logger log = LoggerFactory.getLogger(EmbeddedSchemaRegistry.class);

    private final Config config;
    private final int port;
    private final Path logFile;
    private final boolean temporaryLogDir;
    private Process process;

    private EmbeddedSchemaRegistry(Config config, int port, Path logFile, boolean temporaryLogDir) {
        this.config = config;
        this.port = port;
        this.logFile = logFile;
        this.temporaryLogDir = temporaryLogDir;
    }

    public static EmbeddedSchemaRegistry start(Config config) {
        UnitTier.refuse("Schema registry");
        Path logFile;
        try {
            Path logDir = config.dataDir() != null ? config.dataDir() : Files.createTempDirectory("gpuarb-registry-");
            Files.createDirectories(logDir);
            logFile = logDir.resolve("registry.log");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the schema registry's directory", e);
        }
        EmbeddedSchemaRegistry registry =
                new EmbeddedSchemaRegistry(config, FreePorts.orPick(config.port()), logFile, config.dataDir() == null);
        registry.startProcess();
        return registry;
    }

    public static EmbeddedSchemaRegistry start() {
        return start(Config.defaults());
    }

    private void startProcess() {
        long t0 = System.nanoTime();
        Path runner = ApicurioDistribution.runnerJar();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> javaCmd = new ArrayList<>(List.of(
                java,
                "-Xmx" + config.maxHeapMb() + "m",
                "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1",
                "-jar",
                runner.toString()));
        long parentPid = ProcessHandle.current().pid();
        // Watchdog: run the registry in the background and end it when the parent JVM is gone.
        String script = quote(javaCmd) + " & child=$!; trap 'kill $child 2>/dev/null; wait $child; exit 0' TERM INT; "
                + "while kill -0 " + parentPid + " 2>/dev/null && kill -0 $child 2>/dev/null; do sleep 1; done; "
                + "kill $child 2>/dev/null; wait $child";
        ProcessBuilder pb = new ProcessBuilder("/bin/sh", "-c", script)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
        Map<String, String> env = pb.environment();
        env.put("QUARKUS_HTTP_HOST", "127.0.0.1");
        env.put("QUARKUS_HTTP_PORT", String.valueOf(port));
        env.put("QUARKUS_PROFILE", "prod");
        env.put("REGISTRY_RULES_GLOBAL_COMPATIBILITY", "BACKWARD");
        env.put("QUARKUS_LOG_LEVEL", "WARN");
        env.put("LOG_LEVEL", "WARN");
        env.put("REGISTRY_LOG_LEVEL", "WARN");
        if (config.dataDir() != null) {
            env.put(
                    "REGISTRY_DATASOURCE_URL",
                    "jdbc:h2:file:" + config.dataDir().toAbsolutePath().resolve("registry-db"));
        }
        try {
            process = pb.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the schema registry (" + runner + ")", e);
        }
        awaitReady(Duration.ofSeconds(config.startTimeoutSeconds()));
        setGlobalCompatibility("BACKWARD");
        log.info(
                "schema registry (Apicurio {}, Confluent API) listening on {}, started in {} ms",
                ApicurioDistribution.VERSION,
                url(),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
    }

    /** The Confluent-API base URL, for {@code schema.registry.url}. */
    public String url() {
        return "http://127.0.0.1:" + port + CCOMPAT_PATH;
    }

    public int port() {
        return port;
    }

    public Path logFile() {
        return logFile;
    }

    private void awaitReady(Duration timeout) {
        HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("schema registry exited with code " + process.exitValue()
                        + " during start-up; log " + logFile + ":\n" + tail(logFile));
            }
            try {
                if (Waits.answersOk(http, url() + "/subjects")) {
                    return;
                }
            } catch (IllegalStateException interrupted) {
                stopProcess();
                throw interrupted;
            }
            Waits.sleep(250);
        }
        stopProcess();
        throw new IllegalStateException("schema registry did not answer on " + url() + " within " + timeout + "; log "
                + logFile + ":\n" + tail(logFile));
    }

    private void setGlobalCompatibility(String level) {
        HttpClient http = HttpClient.newHttpClient();
        try {
            HttpResponse<String> resp = http.send(
                    HttpRequest.newBuilder(URI.create(url() + "/config"))
                            .timeout(Duration.ofSeconds(10))
                            .header("Content-Type", "application/vnd.schemaregistry.v1+json")
                            .PUT(HttpRequest.BodyPublishers.ofString("{\"compatibility\":\"" + level + "\"}"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            if (resp.statusCode() / 100 != 2) {
                throw new IllegalStateException("schema registry refused compatibility " + level + ": "
                        + resp.statusCode() + " " + resp.body());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot set the schema registry's compatibility level", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** Stops the registry (for outage tests); {@link #restart()} brings it back on the same port. */
    public void stopProcess() {
        if (process == null) {
            return;
        }
        // End the registry JVM first, then the watchdog shell.
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process = null;
        log.info("schema registry on {} stopped", url());
    }

    public void restart() {
        stopProcess();
        startProcess();
    }

    public boolean isRunning() {
        return process != null && process.isAlive();
    }

    @Override
    public void close() {
        stopProcess();
        if (temporaryLogDir) {
            try {
                Files.deleteIfExists(logFile);
                Files.deleteIfExists(logFile.getParent());
            } catch (IOException e) {
                log.debug("could not delete {}: {}", logFile, e.toString());
            }
        }
    }

    private static String quote(List<String> args) {
        StringBuilder sb = new StringBuilder();
        for (String a : args) {
            sb.append('\'').append(a.replace("'", "'\\''")).append("' ");
        }
        return sb.toString().trim();
    }

    static String tail(Path file) {
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(log unreadable: " + e + ")";
        }
    }

    /**
     * Registry settings.
     *
     * @param dataDir             where the H2 database and the log live; null = in memory, log in a temp dir
     * @param port                HTTP port on 127.0.0.1; 0 = a free one
     * @param maxHeapMb           heap of the registry JVM
     * @param startTimeoutSeconds how long to wait for it to answer
     */
    public record Config(Path dataDir, int port, int maxHeapMb, int startTimeoutSeconds) {

        public static Config defaults() {
            return new Config(null, 0, 256, 120);
        }

        public Config withDataDir(Path dir) {
            return new Config(dir, port, maxHeapMb, startTimeoutSeconds);
        }

        public Config withPort(int httpPort) {
            return new Config(dataDir, httpPort, maxHeapMb, startTimeoutSeconds);
        }
    }
}
