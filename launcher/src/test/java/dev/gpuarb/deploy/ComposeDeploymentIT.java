package dev.gpuarb.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gpuarb.avro.RoutePolicy;
import dev.gpuarb.avro.RouteStatus;
import dev.gpuarb.avro.RouteUpdate;
import dev.gpuarb.cli.kafka.TopicClients;
import dev.gpuarb.cli.policy.PolicyParser;
import dev.gpuarb.topics.Topic;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.ComposeContainer;
import org.testcontainers.containers.wait.strategy.Wait;

/**
 * The deployment brought up for real with Testcontainers: docker-compose.yml with the images
 * built from deploy/, the connectors registered by the init service, then a route policy written
 * to Kafka must come back as a route update on the routes topic, decided by the Streams
 * application over the simulator's prices.
 *
 * <p>Needs a Docker engine and the `docker compose` plugin; where either is missing the test is
 * skipped with the reason. It uses the jars and runtime libraries the modules' package phase
 * leaves in target/, so in {@code mvn verify} it runs on what was just built. The compose file
 * publishes fixed loopback ports (9092, 8081, 8083, 8090, 8123, 3000), so a deployment already
 * running on this host must be stopped first.
 */
class ComposeDeploymentIT {

    private static final Duration STARTUP = Duration.ofMinutes(15);
    private static final Duration ROUTE_TIMEOUT = Duration.ofMinutes(5);

    @Test
    void aRoutePolicyComesBackAsARouteUpdate() throws Exception {
        Assumptions.assumeTrue(
                DockerClientFactory.instance().isDockerAvailable(),
                "SKIPPED: no Docker engine reachable (Testcontainers' DockerClientFactory); "
                        + "this test brings up docker-compose.yml and needs one");
        Assumptions.assumeTrue(
                composePluginInstalled(),
                "SKIPPED: the `docker compose` plugin is not installed; Testcontainers runs the compose file with it");
        Path ingestPlugin = DeployFiles.ROOT.resolve("ingest-connectors/target/dependency");
        Path streamsLibs = DeployFiles.ROOT.resolve("streams-app/target/dependency");
        Assumptions.assumeTrue(
                Files.isDirectory(ingestPlugin) && Files.isDirectory(streamsLibs),
                "SKIPPED: the images copy the Maven build output; run first: mvn -B package -DskipTests "
                        + "-pl ingest-connectors,sink-clickhouse,streams-app -am");

        Map<String, String> secrets = new HashMap<>();
        DockerComposeFileIT.SECRETS
                .keySet()
                .forEach(k -> secrets.put(k, UUID.randomUUID().toString()));
        // Without an image argument ComposeContainer runs the local `docker compose`, so the
        // file's relative build contexts and bind mounts resolve against the repository.
        ComposeContainer compose = new ComposeContainer(DeployFiles.COMPOSE.toFile())
                .withEnv(secrets)
                .withBuild(true)
                .withPull(false)
                .withRemoveVolumes(true)
                .waitingFor("connect", Wait.forHealthcheck())
                .waitingFor("streams-routing", Wait.forHealthcheck())
                .waitingFor("streams-analytics", Wait.forHealthcheck())
                .waitingFor("clickhouse", Wait.forHealthcheck())
                .withStartupTimeout(STARTUP);
        compose.start();
        try {
            awaitConnectorRunning("price-simulator");
            awaitConnectorRunning("clickhouse-sink");

            Map<String, Object> clients = new HashMap<>();
            clients.put("bootstrap.servers", "127.0.0.1:9092");
            clients.put("schema.registry.url", "http://127.0.0.1:8081");
            String routeId = "compose-h100-" + UUID.randomUUID().toString().substring(0, 8);
            RoutePolicy policy = PolicyParser.parse(
                    "{\"routeId\": \"" + routeId + "\", \"kind\": \"GPU_HOURS\", \"gpuModel\": \"H100-80GB\"}",
                    Instant.now());
            try (KafkaProducer<String, RoutePolicy> producer = TopicClients.producer(clients)) {
                producer.send(new ProducerRecord<>(Topic.ROUTE_POLICIES.topicName(), routeId, policy))
                        .get(60, TimeUnit.SECONDS);
            }

            RouteUpdate routed = awaitRouted(clients, routeId);
            assertThat(routed.getRouteId().toString()).isEqualTo(routeId);
            assertThat(routed.getStatus()).isEqualTo(RouteStatus.ROUTED);
            assertThat(routed.getChosen()).isNotNull();
        } finally {
            compose.stop();
        }
    }

    /** The first ROUTED update of the route (a NO_ROUTE may come first while prices arrive). */
    private static RouteUpdate awaitRouted(Map<String, Object> clients, String routeId) {
        try (KafkaConsumer<String, RouteUpdate> consumer = TopicClients.reader(clients, RouteUpdate.class)) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topic.ROUTE_UPDATES.topicName()).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadline = System.nanoTime() + ROUTE_TIMEOUT.toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, RouteUpdate> r : consumer.poll(Duration.ofSeconds(1))) {
                    if (routeId.equals(r.key())
                            && r.value() != null
                            && r.value().getStatus() == RouteStatus.ROUTED) {
                        return r.value();
                    }
                }
            }
        }
        throw new AssertionError("no ROUTED update of " + routeId + " on " + Topic.ROUTE_UPDATES.topicName()
                + " within " + ROUTE_TIMEOUT);
    }

    /** Registered by the connect-init service through the REST API published on 127.0.0.1:8083. */
    private static void awaitConnectorRunning(String name) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        URI status = URI.create("http://127.0.0.1:8083/connectors/" + name + "/status");
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        String last = "";
        while (System.nanoTime() < deadline) {
            HttpResponse<String> r = http.send(
                    HttpRequest.newBuilder(status)
                            .timeout(Duration.ofSeconds(10))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            last = r.statusCode() + " " + r.body();
            if (r.statusCode() == 200) {
                JsonNode body = DeployFiles.JSON.readTree(r.body());
                boolean tasksRunning = body.path("tasks").size() > 0;
                for (JsonNode task : body.path("tasks")) {
                    tasksRunning &= "RUNNING".equals(task.path("state").asText());
                }
                if ("RUNNING".equals(body.path("connector").path("state").asText()) && tasksRunning) {
                    return;
                }
            }
            Thread.sleep(2000);
        }
        throw new AssertionError("connector " + name + " not running: " + last);
    }

    private static boolean composePluginInstalled() {
        String docker = DeployFiles.onPath("docker");
        if (docker == null) {
            return false;
        }
        try {
            Process p = new ProcessBuilder(docker, "compose", "version")
                    .redirectErrorStream(true)
                    .start();
            p.getInputStream().readAllBytes();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (Exception e) {
            return false;
        }
    }
}
