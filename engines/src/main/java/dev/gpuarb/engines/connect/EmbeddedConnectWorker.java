package dev.gpuarb.engines.connect;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gpuarb.engines.UnitTier;
import dev.gpuarb.engines.net.FreePorts;
import dev.gpuarb.engines.net.Waits;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.connect.cli.ConnectDistributed;
import org.apache.kafka.connect.cli.ConnectStandalone;
import org.apache.kafka.connect.runtime.Connect;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Kafka Connect worker in this JVM (distributed or standalone mode) with its REST API on
 * 127.0.0.1. Plugins are found through {@code META-INF/services} on the classpath
 * ({@code plugin.discovery=service_load}), which starts in seconds instead of scanning every jar.
 *
 * <p>Connectors are created through the REST API, exactly as an operator would.
 */
public final class EmbeddedConnectWorker implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedConnectWorker.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Config config;
    private final int restPort;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private Connect<?> connect;

    private EmbeddedConnectWorker(Config config) {
        this.config = config;
        this.restPort = FreePorts.orPick(config.restPort());
    }

    public static EmbeddedConnectWorker start(Config config) {
        UnitTier.refuse("Kafka Connect worker");
        EmbeddedConnectWorker worker = new EmbeddedConnectWorker(config);
        worker.startWorker();
        return worker;
    }

    private void startWorker() {
        long t0 = System.nanoTime();
        Map<String, String> props = workerProperties();
        connect = config.mode() == Mode.DISTRIBUTED
                ? new ConnectDistributed().startConnect(props)
                : new ConnectStandalone().startConnect(props);
        awaitRest(Duration.ofSeconds(60));
        log.info(
                "Kafka Connect worker ({}) REST API on {}, started in {} ms",
                config.mode().name().toLowerCase(),
                restUrl(),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
    }

    private Map<String, String> workerProperties() {
        Map<String, String> p = new HashMap<>();
        p.put("bootstrap.servers", config.bootstrapServers());
        p.put("listeners", "http://127.0.0.1:" + restPort);
        p.put("rest.advertised.host.name", "127.0.0.1");
        p.put("rest.advertised.port", String.valueOf(restPort));
        p.put("plugin.discovery", "service_load");
        p.put("key.converter", "org.apache.kafka.connect.storage.StringConverter");
        p.put("offset.flush.interval.ms", "1000");
        p.put("task.shutdown.graceful.timeout.ms", "10000");
        if (config.mode() == Mode.DISTRIBUTED) {
            p.put("group.id", config.groupId());
            p.put("config.storage.topic", config.groupId() + ".configs");
            p.put("offset.storage.topic", config.groupId() + ".offsets");
            p.put("status.storage.topic", config.groupId() + ".status");
            p.put("config.storage.replication.factor", "1");
            p.put("offset.storage.replication.factor", "1");
            p.put("status.storage.replication.factor", "1");
            p.put("offset.storage.partitions", "5");
            p.put("status.storage.partitions", "1");
            p.put("scheduled.rebalance.max.delay.ms", "5000");
        } else {
            try {
                Files.createDirectories(config.stateDir());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create Connect state directory " + config.stateDir(), e);
            }
            p.put(
                    "offset.storage.file.filename",
                    config.stateDir().resolve("connect.offsets").toString());
        }
        p.putAll(config.overrides());
        return p;
    }

    /** Base URL of the worker's REST API. */
    public String restUrl() {
        return "http://127.0.0.1:" + restPort;
    }

    /** Creates or updates a connector (PUT /connectors/{name}/config). */
    public void putConnector(String name, Map<String, String> connectorConfig) {
        HttpResponse<String> resp =
                send(HttpRequest.newBuilder(URI.create(restUrl() + "/connectors/" + name + "/config"))
                        .header("Content-Type", "application/json")
                        .PUT(HttpRequest.BodyPublishers.ofString(toJson(connectorConfig))));
        if (resp.statusCode() / 100 != 2) {
            throw new IllegalStateException(
                    "Connect refused connector " + name + ": " + resp.statusCode() + " " + resp.body());
        }
    }

    /** Names of the connectors the worker has (GET /connectors). */
    public java.util.List<String> connectorNames() {
        HttpResponse<String> resp = send(
                HttpRequest.newBuilder(URI.create(restUrl() + "/connectors")).GET());
        if (resp.statusCode() / 100 != 2) {
            throw new IllegalStateException(
                    "Connect did not list its connectors: " + resp.statusCode() + " " + resp.body());
        }
        try {
            java.util.List<String> names = new java.util.ArrayList<>();
            JSON.readTree(resp.body()).forEach(n -> names.add(n.asText()));
            return names;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void deleteConnector(String name) {
        send(HttpRequest.newBuilder(URI.create(restUrl() + "/connectors/" + name))
                .DELETE());
    }

    /** GET /connectors/{name}/status as JSON; null when the connector does not exist. */
    public JsonNode status(String name) {
        HttpResponse<String> resp =
                send(HttpRequest.newBuilder(URI.create(restUrl() + "/connectors/" + name + "/status"))
                        .GET());
        if (resp.statusCode() == 404) {
            return null;
        }
        try {
            return JSON.readTree(resp.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Restarts the connector's failed instance and tasks, if any (POST .../restart?includeTasks&onlyFailed). */
    public void restartFailed(String name) {
        HttpResponse<String> resp = send(HttpRequest.newBuilder(
                        URI.create(restUrl() + "/connectors/" + name + "/restart?includeTasks=true&onlyFailed=true"))
                .POST(HttpRequest.BodyPublishers.noBody()));
        if (resp.statusCode() / 100 != 2) {
            throw new IllegalStateException(
                    "Connect did not restart " + name + ": " + resp.statusCode() + " " + resp.body());
        }
    }

    /** Waits until the connector and at least {@code tasks} tasks report RUNNING; fails fast on FAILED. */
    public void awaitRunning(String name, int tasks, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        JsonNode last = null;
        while (System.nanoTime() < deadline) {
            last = status(name);
            if (last != null) {
                String state = last.path("connector").path("state").asText();
                int running = 0;
                for (JsonNode task : last.path("tasks")) {
                    if ("FAILED".equals(task.path("state").asText())) {
                        throw new IllegalStateException("task of " + name + " failed: "
                                + task.path("trace").asText());
                    }
                    running += "RUNNING".equals(task.path("state").asText()) ? 1 : 0;
                }
                if ("FAILED".equals(state)) {
                    throw new IllegalStateException("connector " + name + " failed: " + last);
                }
                if ("RUNNING".equals(state) && running >= tasks) {
                    return;
                }
            }
            Waits.sleep(200);
        }
        throw new IllegalStateException("connector " + name + " not running after " + timeout + ": " + last);
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException("Connect REST call failed at " + restUrl(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private void awaitRest(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (Waits.answersOk(http, restUrl() + "/connectors")) {
                return;
            }
            Waits.sleep(200);
        }
        throw new IllegalStateException("Kafka Connect REST API did not answer on " + restUrl() + " within " + timeout);
    }

    /** Stops the worker; tasks commit their offsets first. Stop Connect before the broker. */
    public void stop() {
        if (connect == null) {
            return;
        }
        connect.stop();
        try {
            // Distributed mode runs its herder as a task; wait for it so nothing outlives the worker.
            if (connect.herderTask() != null) {
                connect.herderTask().get(60, TimeUnit.SECONDS);
            }
        } catch (ExecutionException | TimeoutException e) {
            log.warn("Connect herder did not stop cleanly: {}", e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        connect = null;
        log.info("Kafka Connect worker on {} stopped", restUrl());
    }

    /** Stops and starts again with the same settings (same offsets, same REST port). */
    public void restart() {
        stop();
        startWorker();
    }

    @Override
    public void close() {
        stop();
    }

    private static String toJson(Map<String, String> map) {
        try {
            return JSON.writeValueAsString(map);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public enum Mode {
        DISTRIBUTED,
        STANDALONE
    }

    /**
     * Worker settings.
     *
     * @param mode             distributed (offsets, configs and status in Kafka topics) or standalone (offsets in a file)
     * @param bootstrapServers the Kafka cluster
     * @param groupId          distributed: worker group id, also the prefix of its internal topics
     * @param stateDir         standalone: directory of the offsets file
     * @param restPort         REST port on 127.0.0.1; 0 = a free one
     * @param overrides        further worker properties (converters, security, exactly-once source support), applied last
     */
    public record Config(
            Mode mode,
            String bootstrapServers,
            String groupId,
            Path stateDir,
            int restPort,
            Map<String, String> overrides) {

        public Config {
            overrides = Map.copyOf(overrides);
        }

        public static Config distributed(String bootstrapServers, String groupId, Map<String, String> overrides) {
            return new Config(Mode.DISTRIBUTED, bootstrapServers, groupId, null, 0, overrides);
        }

        public static Config standalone(String bootstrapServers, Path stateDir, Map<String, String> overrides) {
            return new Config(Mode.STANDALONE, bootstrapServers, null, stateDir, 0, overrides);
        }
    }
}
