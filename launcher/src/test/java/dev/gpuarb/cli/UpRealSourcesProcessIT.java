package dev.gpuarb.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gpuarb.engines.net.FreePorts;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code gpuarb up} on its default sources, each served by a loopback fixture in the source's own
 * format: the run says every source answers, prices from each reach the routing application, routes
 * are decided on them (not on simulated providers), and {@code gpuarb status} shows each source's
 * freshness. Then, with the fixtures gone (offline), the same state starts on the market simulator
 * and says so.
 */
class UpRealSourcesProcessIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> SOURCE_IDS =
            Set.of("skypilot-catalog", "azure-retail", "litellm-catalog", "openrouter", "vast");
    private static final List<String> LABELS = List.of("skypilot", "azure", "litellm", "openrouter", "vast");
    /** Providers of the served SkyPilot catalogs, Azure page and Vast.ai search: the H100 route must pick one of them. */
    private static final Set<String> SERVED_GPU_PROVIDERS = Set.of("lambda", "aws", "azure", "vast");

    @TempDir
    Path state;

    @Test
    void streamsEveryPublicSourceAndFallsBackToTheSimulatorOffline() throws Exception {
        String shared = System.getProperty("gpuarb.shared.data");
        assumeTrue(
                shared != null && Files.isDirectory(Path.of(shared, "skypilot")),
                "real data directory absent (set -Dgpuarb.shared.data)");
        int apiPort = FreePorts.pick();
        int connectPort = FreePorts.pick();
        List<String> args = new ArrayList<>(List.of(
                "up",
                "--state-dir",
                state.toString(),
                "--kafka-port",
                Integer.toString(FreePorts.pick()),
                "--registry-port",
                Integer.toString(FreePorts.pick()),
                "--clickhouse-port",
                Integer.toString(FreePorts.pick()),
                "--connect-port",
                Integer.toString(connectPort),
                "--api-port",
                Integer.toString(apiPort),
                "--quiet"));
        String api = "http://127.0.0.1:" + apiPort;
        HttpClient http = HttpClient.newHttpClient();

        try (PublicSourceFixtures fixtures = new PublicSourceFixtures(Path.of(shared))) {
            List<String> online = new ArrayList<>(args);
            online.addAll(fixtures.sourceSettings());
            // A password setting: it must reach the source, and neither Connect's REST API nor the output.
            String vastKey = "vk-" + java.util.UUID.randomUUID();
            online.addAll(List.of("--source-setting", "vast.vast.api.key=" + vastKey));
            UpChild run = UpChild.start(online, state);
            try {
                run.awaitLine(l -> l.contains("Press Ctrl-C to stop"), Duration.ofMinutes(5));
                for (String source : LABELS) {
                    assertThat(run.output())
                            .as(run.output())
                            .containsPattern("(?m)^ +" + source + " +answers \\(HTTP 200");
                }
                assertThat(run.output()).doesNotContain("falling back").doesNotContain("price-simulator");

                JsonNode sources = await(
                        run,
                        http,
                        api + "/sources",
                        body -> {
                            Map<String, Long> live = new HashMap<>();
                            body.forEach(s -> live.put(
                                    s.path("source").asText(), s.path("live").asLong()));
                            return SOURCE_IDS.stream().allMatch(id -> live.getOrDefault(id, 0L) > 0);
                        },
                        Duration.ofMinutes(3));
                sources.forEach(s -> assertThat(s.path("source").asText())
                        .as("no simulated prices")
                        .isNotEqualTo("simulator"));
                assertThat(fixtures.gets("/skypilot/")).isPositive();
                assertThat(fixtures.gets("/openrouter/api/v1/models/"))
                        .as("endpoint lists read")
                        .isPositive();
                assertThat(fixtures.vastAuthorizations())
                        .as("Vast.ai searched with the key")
                        .isNotEmpty()
                        .allMatch(("Bearer " + vastKey)::equals);
                HttpResponse<String> vastConfig = http.send(
                        HttpRequest.newBuilder(URI.create(
                                        "http://127.0.0.1:" + connectPort + "/connectors/prices-vast/config"))
                                .GET()
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(vastConfig.statusCode()).isEqualTo(200);
                assertThat(vastConfig.body())
                        .as("Connect holds a reference, not the key")
                        .contains("vast.vast.api.key")
                        .contains("${file:")
                        .doesNotContain(vastKey);
                assertThat(run.output()).doesNotContain(vastKey);

                JsonNode h100 = await(
                        run,
                        http,
                        api + "/routes/train-h100",
                        r -> r.path("status").asText().equals("ROUTED"),
                        Duration.ofMinutes(2));
                assertThat(h100.path("chosen").path("endpoint").path("provider").asText())
                        .isIn(SERVED_GPU_PROVIDERS);
                JsonNode chat = await(
                        run,
                        http,
                        api + "/routes/chat-llama-70b",
                        r -> r.path("status").asText().equals("ROUTED"),
                        Duration.ofMinutes(2));
                assertThat(chat.path("chosen").path("endpoint").path("provider").asText())
                        .doesNotStartWith("sim");

                UpChild status = UpChild.start(List.of("status", "--state-dir", state.toString()), state);
                assertThat(status.process.waitFor(60, TimeUnit.SECONDS)).isTrue();
                String report = status.output();
                assertThat(status.process.exitValue()).as(report).isZero();
                for (String source : LABELS) {
                    assertThat(report)
                            .as(report)
                            .containsPattern("(?m)^ +" + source + " +RUNNING +\\d+ live offers of \\d+");
                }
                assertThat(report).contains("ago)").doesNotContain("simulator runs instead");

                run.interrupt();
                assertThat(run.process.waitFor(120, TimeUnit.SECONDS)).isTrue();
                assertThat(run.process.exitValue()).as(run.output()).isZero();
            } finally {
                run.kill();
            }
        }

        // The fixtures are gone: the same addresses now refuse connections, as an offline machine would.
        List<String> offline = new ArrayList<>(args);
        offline.add("--exit-after-start");
        offline.addAll(deadSourceSettings());
        UpChild again = UpChild.start(offline, state);
        try {
            assertThat(again.process.waitFor(5, TimeUnit.MINUTES)).isTrue();
            String out = again.output();
            assertThat(again.process.exitValue()).as(out).isZero();
            for (String source : LABELS) {
                assertThat(out).containsPattern("(?m)^ +" + source + " +NOT reachable \\(.*\\); its connector retries");
            }
            assertThat(out)
                    .contains("falling back to the market simulator")
                    .containsPattern("ok \\([0-9.]+ s\\), skypilot,azure,litellm,openrouter,vast,sim running");
        } finally {
            again.kill();
        }
    }

    /** Every public source pointed at a loopback port nothing listens on. */
    private static List<String> deadSourceSettings() throws Exception {
        String dead = "http://127.0.0.1:" + FreePorts.pick();
        return List.of(
                "--source-setting",
                "skypilot.catalog.locations=" + dead + "/aws/vms.csv",
                "--source-setting",
                "azure.azure.api.url=" + dead + "/azure",
                "--source-setting",
                "litellm.litellm.locations=" + dead + "/prices.json",
                "--source-setting",
                "openrouter.openrouter.api.url=" + dead + "/api/v1",
                "--source-setting",
                "vast.vast.api.url=" + dead + "/api/v0/bundles/");
    }

    private static JsonNode await(UpChild run, HttpClient http, String url, Predicate<JsonNode> done, Duration timeout)
            throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "(no answer)";
        while (System.nanoTime() < deadline) {
            try {
                HttpResponse<String> r = http.send(
                        HttpRequest.newBuilder(URI.create(url))
                                .timeout(Duration.ofSeconds(10))
                                .GET()
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                last = r.statusCode() + " " + r.body();
                if (r.statusCode() == 200) {
                    JsonNode body = JSON.readTree(r.body());
                    if (done.test(body)) {
                        return body;
                    }
                }
            } catch (java.io.IOException e) {
                last = e.toString();
            }
            Thread.sleep(1_000);
        }
        throw new AssertionError(url + " did not reach the expected state within " + timeout + "; last answer: " + last
                + "\noutput of gpuarb up:\n" + run.output());
    }
}
