package dev.gpuarb.cli.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SourceProbeTest {

    @TempDir
    Path dir;

    @Test
    void anyHttpAnswerCountsAndAClosedPortOrMissingFileDoesNot() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        List<String> methods = new ArrayList<>();
        server.createContext("/", exchange -> {
            methods.add(
                    exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath());
            exchange.sendResponseHeaders(exchange.getRequestURI().getPath().startsWith("/ok") ? 200 : 404, -1);
            exchange.close();
        });
        server.start();
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        String base = "http://127.0.0.1:" + server.getAddress().getPort();
        try {
            Map<LocalSource, Map<String, String>> configs = new LinkedHashMap<>();
            configs.put(
                    LocalSource.SKYPILOT,
                    Map.of("catalog.locations", base + "/ok/aws/vms.csv," + base + "/ok/gcp/vms.csv"));
            configs.put(LocalSource.AZURE, Map.of("azure.api.url", base + "/missing"));
            configs.put(LocalSource.OPENROUTER, Map.of("openrouter.api.url", base + "/ok/api/v1/"));
            configs.put(
                    LocalSource.LITELLM,
                    Map.of("litellm.locations", "http://127.0.0.1:" + closedPort + "/prices.json"));
            Map<LocalSource, SourceProbe.Result> results = SourceProbe.probe(configs, Duration.ofSeconds(5));

            assertThat(results.get(LocalSource.SKYPILOT).answered()).isTrue();
            assertThat(results.get(LocalSource.SKYPILOT).detail()).isEqualTo("HTTP 200 from 127.0.0.1");
            assertThat(results.get(LocalSource.AZURE).answered())
                    .as("an error status still answers")
                    .isTrue();
            assertThat(results.get(LocalSource.AZURE).detail()).startsWith("HTTP 404");
            assertThat(results.get(LocalSource.OPENROUTER).answered()).isTrue();
            assertThat(results.get(LocalSource.LITELLM).answered()).isFalse();
            assertThat(results.get(LocalSource.LITELLM).detail())
                    .startsWith("127.0.0.1: ")
                    .contains("ConnectException");
            // HEAD only (nothing downloaded), the first location only, OpenRouter's model list.
            assertThat(methods)
                    .containsExactlyInAnyOrder("HEAD /ok/aws/vms.csv", "HEAD /missing", "HEAD /ok/api/v1/models");
        } finally {
            server.stop(0);
        }
    }

    @Test
    void aLocalFileAnswersWhenItCanBeRead() throws Exception {
        Path file = Files.writeString(dir.resolve("lambda-vms.csv"), "InstanceType\n");
        Map<LocalSource, SourceProbe.Result> results = SourceProbe.probe(
                Map.of(LocalSource.SKYPILOT, Map.of("catalog.locations", file.toString())), Duration.ofSeconds(2));
        assertThat(results.get(LocalSource.SKYPILOT).answered()).isTrue();
        results = SourceProbe.probe(
                Map.of(
                        LocalSource.SKYPILOT,
                        Map.of("catalog.locations", dir.resolve("gone.csv").toString())),
                Duration.ofSeconds(2));
        assertThat(results.get(LocalSource.SKYPILOT).answered()).isFalse();
        assertThat(results.get(LocalSource.SKYPILOT).detail()).startsWith("cannot read file");
    }

    @Test
    void theDefaultAddressOfASourceWithoutSettingIsItsConnectorsDefault() {
        assertThat(SourceProbe.address(LocalSource.LITELLM, Map.of()))
                .isEqualTo(
                        "https://raw.githubusercontent.com/BerriAI/litellm/main/model_prices_and_context_window.json");
        assertThat(SourceProbe.address(LocalSource.OPENROUTER, Map.of()))
                .isEqualTo("https://openrouter.ai/api/v1/models");
        assertThat(SourceProbe.address(LocalSource.VAST, Map.of()))
                .isEqualTo("https://console.vast.ai/api/v0/bundles/");
        assertThat(SourceProbe.address(
                        LocalSource.SKYPILOT, Map.of("catalog.locations", " http://a/x.csv , http://b/y.csv")))
                .isEqualTo("http://a/x.csv");
    }
}
