package dev.gpuarb.deploy;

import static dev.gpuarb.deploy.DeployFiles.DEPLOY;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gpuarb.cli.local.PipelineConnectors;
import dev.gpuarb.engines.connect.EmbeddedConnectWorker;
import dev.gpuarb.testkit.Engines;
import dev.gpuarb.testkit.RealEngines;
import dev.gpuarb.topics.Topic;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * deploy/connect/register-connectors.sh, as connect-init runs it, against a real Connect worker
 * (distributed, the local run's worker settings) on a real broker and schema registry: the
 * simulator's config is registered and runs, its start is set at the first registration, and a
 * later run updates the connector without moving the start it has.
 */
@ExtendWith(RealEngines.class)
class RegisterConnectorsScriptIT {

    private static final Path SCRIPT = DEPLOY.resolve("connect/register-connectors.sh");

    @TempDir
    Path dir;

    @Test
    void registersOnceKeepsTheFirstStartAndUpdatesOnTheNextRun(Engines engines) throws Exception {
        for (String tool : List.of("bash", "curl", "jq")) {
            Assumptions.assumeTrue(
                    DeployFiles.onPath(tool) != null,
                    "SKIPPED: " + tool
                            + " is not installed; the registration script needs bash, curl and jq (the Connect image has them)");
        }
        // The deployed simulator config, writing to topics of this test only.
        String prefix = "deploy-" + UUID.randomUUID().toString().substring(0, 8) + ".";
        ObjectNode config = (ObjectNode) DeployFiles.JSON.readTree(
                DEPLOY.resolve("connect/connectors/price-simulator.json").toFile());
        Map<String, Topic> topics = Map.of(
                "topic.gpu.prices",
                Topic.GPU_PRICES,
                "topic.token.prices",
                Topic.TOKEN_PRICES,
                "topic.rejected",
                Topic.REJECTED,
                "topic.endpoint.observations",
                Topic.ENDPOINT_OBSERVATIONS);
        topics.forEach((key, topic) -> config.put(key, prefix + topic.topicName()));
        engines.kafka()
                .createTopics(topics.values().stream()
                        .map(t -> new NewTopic(prefix + t.topicName(), 1, (short) 1))
                        .toList());
        DeployFiles.JSON.writeValue(dir.resolve("price-simulator.json").toFile(), config);

        try (EmbeddedConnectWorker connect = EmbeddedConnectWorker.start(EmbeddedConnectWorker.Config.distributed(
                engines.bootstrapServers(), prefix + "connect", PipelineConnectors.worker(engines.registryUrl())))) {
            Instant before = Instant.now();
            Run first = register(connect.restUrl());
            assertThat(first.exit).as(first.output).isZero();
            assertThat(first.output).contains("connector price-simulator: created");
            connect.awaitRunning("price-simulator", 1, Duration.ofSeconds(120));

            JsonNode stored = storedConfig(connect.restUrl(), "price-simulator");
            Instant start = Instant.parse(stored.path("simulator.start").asText());
            // Six hours before the registration, on the hour.
            assertThat(start).isEqualTo(start.truncatedTo(ChronoUnit.HOURS));
            assertThat(start)
                    .isBetween(before.minus(Duration.ofHours(7)), Instant.now().minus(Duration.ofHours(5)));
            config.properties().forEach(e -> {
                if (!e.getKey().equals("simulator.start")) {
                    assertThat(stored.path(e.getKey()).asText())
                            .as(e.getKey())
                            .isEqualTo(e.getValue().asText());
                }
            });

            // A start from an earlier day (as a connector registered long ago has): the next run
            // must keep it, not compute a new one.
            Map<String, String> earlier = new HashMap<>();
            stored.properties()
                    .forEach(e -> earlier.put(e.getKey(), e.getValue().asText()));
            earlier.put("simulator.start", "2026-03-01T00:00:00Z");
            connect.putConnector("price-simulator", earlier);

            Run second = register(connect.restUrl());
            assertThat(second.exit).as(second.output).isZero();
            assertThat(second.output).contains("connector price-simulator: updated");
            assertThat(storedConfig(connect.restUrl(), "price-simulator")
                            .path("simulator.start")
                            .asText())
                    .isEqualTo("2026-03-01T00:00:00Z");
            connect.awaitRunning("price-simulator", 1, Duration.ofSeconds(120));
        }
    }

    private Run register(String connectUrl) throws Exception {
        ProcessBuilder pb = new ProcessBuilder("bash", SCRIPT.toString()).redirectErrorStream(true);
        pb.environment().put("CONNECT_URL", connectUrl);
        pb.environment().put("CONNECTORS_DIR", dir.toString());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(180, TimeUnit.SECONDS)).as("the script finishes").isTrue();
        return new Run(p.exitValue(), out);
    }

    private static JsonNode storedConfig(String connectUrl, String name) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(connectUrl + "/connectors/" + name + "/config"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return DeployFiles.JSON.readTree(r.body());
    }

    private record Run(int exit, String output) {}
}
