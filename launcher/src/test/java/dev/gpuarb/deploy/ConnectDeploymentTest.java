package dev.gpuarb.deploy;

import static dev.gpuarb.deploy.DeployFiles.DEPLOY;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gpuarb.cli.local.PipelineConnectors;
import dev.gpuarb.topics.Topic;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.connect.connector.Connector;
import org.apache.kafka.connect.sink.SinkConnector;
import org.apache.kafka.connect.source.SourceConnector;
import org.apache.kafka.connect.storage.Converter;
import org.junit.jupiter.api.Test;

/**
 * The Connect part of the deployment: the connector configs the init service registers, the
 * worker settings, and the plugins the image is built with. The settings that matter for
 * correctness must be those of the local run (launcher's PipelineConnectors).
 */
class ConnectDeploymentTest {

    private static final Path CONNECTORS = DEPLOY.resolve("connect/connectors");
    private static final Path WORKER = DEPLOY.resolve("connect/connect-distributed.properties");
    private static final Path DOCKERFILE = DEPLOY.resolve("connect/Dockerfile");
    private static final String FIRST_START = "@FIRST_START@";

    @Test
    void connectorConfigsParseAndNameConnectorsOfTheBuiltPlugins() throws Exception {
        Map<String, JsonNode> configs = connectorConfigs();
        assertThat(configs).containsOnlyKeys("price-simulator", "clickhouse-sink");
        String dockerfile = DeployFiles.read(DOCKERFILE);
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, JsonNode> e : configs.entrySet()) {
            String className = e.getValue().path("connector.class").asText();
            Class<?> type = Class.forName(className);
            Path plugin = codeSource(type);
            String module = plugin.toString().contains("ingest-connectors")
                    ? "ingest-connectors"
                    : plugin.toString().contains("sink-clickhouse") ? "sink-clickhouse" : null;
            if (module == null) {
                problems.add(e.getKey() + ": " + className + " comes from " + plugin + ", not a gpuarb plugin module");
                continue;
            }
            String manifest = "META-INF/services/"
                    + (SinkConnector.class.isAssignableFrom(type)
                            ? SinkConnector.class.getName()
                            : SourceConnector.class.getName());
            if (!serviceEntries(plugin, manifest).contains(className)) {
                problems.add(e.getKey() + ": " + className + " is not listed in " + manifest + " of " + plugin);
            }
            if (!dockerfile.contains(module + "/target/gpuarb-" + module + "-*.jar")
                    || !dockerfile.contains(module + "/target/dependency/")) {
                problems.add(e.getKey() + ": the Connect image does not copy the " + module
                        + " plugin and its dependencies");
            }
            assertThat(Connector.class).isAssignableFrom(type);
        }
        assertThat(problems).isEmpty();
        // A price source by default, and the sink.
        assertThat(SourceConnector.class)
                .isAssignableFrom(Class.forName(
                        configs.get("price-simulator").path("connector.class").asText()));
        assertThat(SinkConnector.class)
                .isAssignableFrom(Class.forName(
                        configs.get("clickhouse-sink").path("connector.class").asText()));
    }

    @Test
    void theSimulatorRunsAsInTheLocalRun() throws Exception {
        Map<String, String> deployed = flat(connectorConfigs().get("price-simulator"));
        Map<String, String> local = new TreeMap<>(PipelineConnectors.simulator(Instant.EPOCH));
        // Set at first registration by register-connectors.sh and then kept.
        assertThat(deployed.get("simulator.start")).isEqualTo(FIRST_START);
        local.remove("simulator.start");
        deployed.remove("simulator.start");
        assertThat(new TreeMap<>(deployed)).isEqualTo(local);
        assertThat(DeployFiles.read(DEPLOY.resolve("connect/register-connectors.sh")))
                .contains(FIRST_START);
    }

    @Test
    void theSinkWritesEveryAnalystTopicAsInTheLocalRunWithThePasswordFromTheWorkersEnvironment() throws Exception {
        Map<String, String> deployed = flat(connectorConfigs().get("clickhouse-sink"));
        String url = "http://clickhouse:8123";
        PipelineConnectors.sink(url)
                .forEach((key, value) -> assertThat(deployed.get(key)).as(key).isEqualTo(value));
        // A record the sink cannot write goes to the dead-letter topic with its context; it never
        // fails the task for good (errors.tolerance=none would).
        assertThat(deployed)
                .containsEntry("errors.tolerance", "all")
                .containsEntry("errors.deadletterqueue.topic.name", PipelineConnectors.SINK_DEAD_LETTER_TOPIC)
                .containsEntry("errors.deadletterqueue.context.headers.enable", "true");
        assertThat(List.of(deployed.get("topics").split(",")))
                .containsExactlyInAnyOrderElementsOf(PipelineConnectors.SINK_TOPICS.stream()
                        .map(Topic::topicName)
                        .toList());
        // The URL names the compose service and its HTTP port.
        assertThat(DeployFiles.service("clickhouse").path("ports").toString()).contains(":8123\"");
        // The secret stays a reference; the worker resolves it from its own environment.
        assertThat(deployed.get("clickhouse.password")).isEqualTo("${env:CLICKHOUSE_PASSWORD}");
        assertThat(DeployFiles.environment(DeployFiles.service("connect"))).containsKey("CLICKHOUSE_PASSWORD");
        // The sink's user is not ClickHouse's administrator: the init script creates it with rights on gpuarb only.
        Map<String, String> clickhouse = DeployFiles.environment(DeployFiles.service("clickhouse"));
        assertThat(clickhouse.get("CLICKHOUSE_USER")).isNotEqualTo(deployed.get("clickhouse.username"));
        assertThat(clickhouse.get("CLICKHOUSE_SINK_PASSWORD")).contains("${CLICKHOUSE_PASSWORD:?");
        String init = DeployFiles.read(DeployFiles.ROOT.resolve("deploy/clickhouse/initdb/20-sink-writer.sh"));
        String user = deployed.get("clickhouse.username");
        assertThat(init)
                .contains("CREATE USER IF NOT EXISTS " + user + " ")
                .contains("GRANT ALL ON gpuarb.* TO " + user + ";");
        assertThat(init.lines().filter(l -> l.startsWith("GRANT")))
                .containsExactly("GRANT ALL ON gpuarb.* TO " + user + ";");
        Properties worker = DeployFiles.properties(WORKER);
        assertThat(worker.getProperty("config.providers")).isEqualTo("env");
        assertThat(worker.getProperty("config.providers.env.class"))
                .isEqualTo(org.apache.kafka.common.config.provider.EnvVarConfigProvider.class.getName());
        // The provider as the worker configures it resolves the sink's secret and nothing else (PATH is always set).
        try (var provider = new org.apache.kafka.common.config.provider.EnvVarConfigProvider(
                Map.of("CLICKHOUSE_PASSWORD", "s3cret", "PATH", "/usr/bin"))) {
            Map<String, Object> params = new java.util.HashMap<>();
            worker.stringPropertyNames().stream()
                    .filter(k -> k.startsWith("config.providers.env.param."))
                    .forEach(k ->
                            params.put(k.substring("config.providers.env.param.".length()), worker.getProperty(k)));
            provider.configure(params);
            assertThat(provider.get("", java.util.Set.of("CLICKHOUSE_PASSWORD", "PATH"))
                            .data())
                    .containsOnlyKeys("CLICKHOUSE_PASSWORD");
        }
    }

    @Test
    void theWorkerHasTheLocalRunsConvertersExactlyOnceAndIsolation() throws Exception {
        Properties worker = DeployFiles.properties(WORKER);
        String registry = "http://schema-registry:8081";
        Map<String, String> problems = new LinkedHashMap<>();
        PipelineConnectors.worker(registry).forEach((key, value) -> {
            if (!value.equals(worker.getProperty(key))) {
                problems.put(key, worker.getProperty(key) + " (local run: " + value + ")");
            }
        });
        assertThat(problems).isEmpty();
        assertThat(Converter.class).isAssignableFrom(Class.forName(worker.getProperty("value.converter")));
        assertThat(Converter.class).isAssignableFrom(Class.forName(worker.getProperty("key.converter")));
        // The broker's internal listener and the registry service of the compose file.
        assertThat(worker.getProperty("bootstrap.servers")).isEqualTo("kafka:19092");
        assertThat(DeployFiles.environment(DeployFiles.service("kafka")).get("KAFKA_ADVERTISED_LISTENERS"))
                .contains("INTERNAL://kafka:19092");
        assertThat(DeployFiles.environment(DeployFiles.service("schema-registry"))
                        .get("SCHEMA_REGISTRY_LISTENERS"))
                .endsWith(":8081");
        // The converter ships inside each plugin directory without a service manifest, so the
        // worker must scan; the image copies the plugins under plugin.path.
        assertThat(worker.getProperty("plugin.discovery")).isIn("only_scan", "hybrid_warn", "hybrid_fail");
        assertThat(DeployFiles.read(DOCKERFILE))
                .contains(
                        worker.getProperty("plugin.path") + "/gpuarb-ingest-connectors/",
                        worker.getProperty("plugin.path") + "/gpuarb-sink-clickhouse/");
    }

    @Test
    void topicsScriptCreatesTheCatalog() {
        String script = DeployFiles.read(DEPLOY.resolve("kafka/create-topics.sh"));
        Map<String, String> created = new TreeMap<>();
        script.lines().map(String::strip).filter(l -> l.startsWith("create ")).forEach(l -> {
            String[] parts = l.split("\\s+");
            created.put(parts[1], parts[2] + " " + parts[3].replace("\"", "").replace("$", ""));
        });
        Map<String, String> catalog = new TreeMap<>();
        for (Topic t : Topic.values()) {
            catalog.put(
                    t.topicName(),
                    t.defaultPartitions() + " " + t.cleanup().name().toLowerCase());
        }
        // The sink's dead-letter topic exists before the sink starts, with event-topic retention.
        catalog.put(PipelineConnectors.SINK_DEAD_LETTER_TOPIC, "1 delete");
        assertThat(created).isEqualTo(catalog);
        // The configs behind $delete and $compact are the catalog's.
        Map<String, String> deleteConfigs = Topic.GPU_PRICES.configs();
        Map<String, String> compactConfigs = Topic.ROUTE_POLICIES.configs();
        String deleteLine =
                script.lines().filter(l -> l.startsWith("delete=")).findFirst().orElseThrow();
        String compactLine =
                script.lines().filter(l -> l.startsWith("compact=")).findFirst().orElseThrow();
        deleteConfigs.forEach((k, v) -> assertThat(deleteLine).contains("--config " + k + "=" + v));
        compactConfigs.forEach((k, v) -> assertThat(compactLine).contains("--config " + k + "=" + v));
    }

    private static Map<String, JsonNode> connectorConfigs() throws IOException {
        Map<String, JsonNode> out = new TreeMap<>();
        try (Stream<Path> files = Files.list(CONNECTORS)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".json")).toList()) {
                JsonNode node = DeployFiles.JSON.readTree(f.toFile());
                assertThat(node.isObject()).as(f.toString()).isTrue();
                node.properties()
                        .forEach(e -> assertThat(e.getValue().isTextual())
                                .as("%s: %s is a string, as Connect's REST API takes it", f, e.getKey())
                                .isTrue());
                out.put(f.getFileName().toString().replaceFirst("\\.json$", ""), node);
            }
        }
        return out;
    }

    private static Map<String, String> flat(JsonNode node) {
        Map<String, String> out = new LinkedHashMap<>();
        node.properties().forEach(e -> out.put(e.getKey(), e.getValue().asText()));
        return out;
    }

    /** The jar or classes directory a class was loaded from: the module's build output. */
    private static Path codeSource(Class<?> type) throws URISyntaxException {
        return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
    }

    private static List<String> serviceEntries(Path location, String entry) throws IOException {
        String text;
        if (Files.isDirectory(location)) {
            Path file = location.resolve(entry);
            text = Files.isRegularFile(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
        } else {
            try (JarFile jar = new JarFile(location.toFile())) {
                var e = jar.getJarEntry(entry);
                if (e == null) {
                    return List.of();
                }
                try (InputStream in = jar.getInputStream(e)) {
                    text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                }
            }
        }
        return text.lines()
                .map(String::strip)
                .filter(l -> !l.isEmpty() && !l.startsWith("#"))
                .collect(Collectors.toList());
    }
}
