package dev.gpuarb.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gpuarb.cli.common.StateDir;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
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
import java.util.Properties;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code gpuarb status}: which parts of a local run answer, and for each price source its connector's
 * state and how fresh its newest price is. Exit 0 when every part answers, 1 otherwise.
 */
@Command(
        name = "status",
        mixinStandardHelpOptions = true,
        description = {
            "Show which parts of the local run are up (reads the state directory's endpoints),",
            "and for each price source its connector's state and how fresh its newest price is."
        })
final class StatusCommand implements Callable<Integer> {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Option(names = "--state-dir", description = "State directory (default: $GPUARB_STATE_DIR or ./.gpuarb).")
    Path stateDir;

    @Override
    public Integer call() throws IOException {
        Path dir = stateDir != null ? stateDir.toAbsolutePath().normalize() : StateDir.defaultLocation();
        Path file = dir.resolve(StateDir.ENDPOINTS_FILE);
        if (!Files.isRegularFile(file)) {
            System.out.println("gpuarb status: no local run in " + dir + " (start one with: ./gpuarb up)");
            return 1;
        }
        Properties endpoints = StateDir.readProperties(file);
        boolean allUp = true;
        for (String name : endpoints.stringPropertyNames().stream().sorted().toList()) {
            String url = endpoints.getProperty(name);
            boolean up = answers(url);
            allUp &= up;
            System.out.printf("  %-16s %-4s %s%n", name.replace('_', ' '), up ? "up" : "DOWN", url);
        }
        printSources(dir, endpoints);
        return allUp ? 0 : 1;
    }

    /** The run's price sources: what runs, what the probe at start found, and each source's newest price. */
    private static void printSources(Path dir, Properties endpoints) throws IOException {
        Properties sources = StateDir.readProperties(dir.resolve(StateDir.SOURCES_FILE));
        List<String> labels = sources.stringPropertyNames().stream()
                .filter(k -> k.endsWith(".connector"))
                .map(k -> k.substring(0, k.length() - ".connector".length()))
                .sorted()
                .toList();
        if (labels.isEmpty()) {
            return;
        }
        System.out.println();
        System.out.println(
                Boolean.parseBoolean(sources.getProperty("fallback"))
                        ? "price sources (no public source answered at start: the market simulator runs instead)"
                        : "price sources");
        HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        Map<String, JsonNode> freshness = freshness(http, endpoints.getProperty("streams_api"));
        Instant now = Instant.now();
        for (String label : labels) {
            String connector = sources.getProperty(label + ".connector");
            String state = connectorState(http, endpoints.getProperty("kafka_connect"), connector);
            JsonNode summary = freshness.get(sources.getProperty(label + ".source"));
            System.out.printf("  %-12s %-8s %s%n", label, state, describe(summary, now));
            System.out.printf("  %-12s %-8s at start: %s%n", "", "", sources.getProperty(label + ".at-start", "?"));
        }
    }

    /** "N live offers of M, newest price T (age)", or why there is nothing to say. */
    static String describe(JsonNode summary, Instant now) {
        if (summary == null) {
            return "no price yet";
        }
        String newest = summary.path("newestObservedAt").asText(null);
        String age = "";
        if (newest != null) {
            Duration d = Duration.between(Instant.parse(newest), now);
            age = " ("
                    + (d.isNegative()
                            ? "0 s"
                            : d.toSeconds() < 120
                                    ? d.toSeconds() + " s"
                                    : d.toMinutes() < 120 ? d.toMinutes() + " min" : d.toHours() + " h")
                    + " ago)";
        }
        return summary.path("live").asLong() + " live offers of "
                + summary.path("offers").asLong()
                + (summary.path("withdrawn").asLong() > 0
                        ? ", " + summary.path("withdrawn").asLong() + " withdrawn"
                        : "")
                + (summary.path("expired").asLong() > 0
                        ? ", " + summary.path("expired").asLong() + " expired"
                        : "")
                + ", newest price " + newest + age;
    }

    /** The Streams API's per-source summaries by source; empty when it does not answer. */
    private static Map<String, JsonNode> freshness(HttpClient http, String api) {
        Map<String, JsonNode> bySource = new HashMap<>();
        JsonNode list = getJson(http, api == null ? null : api + "/sources");
        if (list != null) {
            list.forEach(s -> bySource.put(s.path("source").asText(), s));
        }
        return bySource;
    }

    private static String connectorState(HttpClient http, String connect, String connector) {
        JsonNode status = getJson(http, connect == null ? null : connect + "/connectors/" + connector + "/status");
        if (status == null) {
            return "unknown";
        }
        for (JsonNode task : status.path("tasks")) {
            if (!"RUNNING".equals(task.path("state").asText())) {
                return task.path("state").asText();
            }
        }
        return status.path("connector").path("state").asText("unknown");
    }

    private static JsonNode getJson(HttpClient http, String url) {
        if (url == null) {
            return null;
        }
        try {
            HttpResponse<String> response = http.send(
                    HttpRequest.newBuilder(URI.create(url))
                            .timeout(Duration.ofSeconds(5))
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? JSON.readTree(response.body()) : null;
        } catch (IOException | RuntimeException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private static boolean answers(String endpoint) {
        String hostPort = endpoint.contains("://") ? URI.create(endpoint).getAuthority() : endpoint;
        int colon = hostPort.lastIndexOf(':');
        try (Socket socket = new Socket()) {
            socket.connect(
                    new InetSocketAddress(
                            hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon + 1))),
                    1000);
            return true;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }
}
