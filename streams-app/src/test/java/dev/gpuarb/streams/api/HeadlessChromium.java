package dev.gpuarb.streams.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Debian's headless Chromium, driven over the DevTools protocol on a loopback WebSocket (the JDK's own
 * client). A page whose event stream never finishes loading is fine here: the test asks the live DOM
 * whenever it wants, instead of waiting for a load that never ends.
 */
final class HeadlessChromium implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(60);

    private final Process process;
    private final Path log;
    private final WebSocket socket;
    private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    private final AtomicInteger ids = new AtomicInteger();
    private final String session;
    /** URLs of every request the page sent, in order (DevTools Network domain). */
    private final List<String> requests = new java.util.concurrent.CopyOnWriteArrayList<>();

    /** The browser to use: $CHROMIUM, else /usr/bin/chromium; empty when neither is there. */
    static Optional<Path> find() {
        String configured = System.getenv("CHROMIUM");
        Path path = Path.of(configured != null && !configured.isBlank() ? configured : "/usr/bin/chromium");
        return Files.isExecutable(path) ? Optional.of(path) : Optional.empty();
    }

    HeadlessChromium(Path binary, Path dir, int width, int height) throws Exception {
        Path profile = Files.createDirectories(dir.resolve("profile"));
        log = dir.resolve("chromium.log");
        List<String> command = new ArrayList<>(List.of(
                binary.toString(),
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--user-data-dir=" + profile,
                "--remote-debugging-address=127.0.0.1",
                "--remote-debugging-port=0",
                "--no-first-run",
                "--no-default-browser-check",
                "--disable-extensions",
                "--disable-sync",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-default-apps",
                "--hide-scrollbars",
                "--mute-audio",
                "--window-size=" + width + "," + height,
                "about:blank"));
        process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        try {
            URI browser = URI.create("ws://127.0.0.1:" + devToolsEndpoint(profile));
            socket = HttpClient.newHttpClient()
                    .newWebSocketBuilder()
                    .connectTimeout(Duration.ofSeconds(10))
                    .buildAsync(browser, new Listener())
                    .get(30, TimeUnit.SECONDS);
            String target = call(null, "Target.createTarget", Map.of("url", "about:blank"))
                    .get("targetId")
                    .asText();
            session = call(null, "Target.attachToTarget", Map.of("targetId", target, "flatten", true))
                    .get("sessionId")
                    .asText();
            call(session, "Page.enable", Map.of());
            call(session, "Network.enable", Map.of());
        } catch (Exception e) {
            close();
            throw new IllegalStateException("Chromium did not come up; its output:\n" + output(), e);
        }
    }

    /** Chromium writes its DevTools port (and browser path) into the profile once it listens. */
    private String devToolsEndpoint(Path profile) throws Exception {
        Path file = profile.resolve("DevToolsActivePort");
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Chromium exited with " + process.exitValue());
            }
            if (Files.exists(file)) {
                List<String> lines = Files.readAllLines(file);
                if (lines.size() >= 2) {
                    return lines.get(0).trim() + lines.get(1).trim();
                }
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("no DevToolsActivePort within " + START_TIMEOUT);
    }

    void navigate(String url) throws Exception {
        JsonNode result = call(session, "Page.navigate", Map.of("url", url));
        if (result.hasNonNull("errorText")) {
            throw new IllegalStateException(
                    "navigation to the page failed: " + result.get("errorText").asText());
        }
    }

    /** Evaluates a JavaScript expression in the page and returns its value as JSON. */
    JsonNode evaluate(String expression) throws Exception {
        JsonNode result = call(session, "Runtime.evaluate", Map.of("expression", expression, "returnByValue", true));
        if (result.has("exceptionDetails")) {
            throw new IllegalStateException("script failed in the page: " + result.get("exceptionDetails"));
        }
        return result.at("/result/value");
    }

    /** URLs of the requests the page has sent so far, reconnections included. */
    List<String> requestedUrls() {
        return List.copyOf(requests);
    }

    byte[] screenshotPng() throws Exception {
        return Base64.getDecoder()
                .decode(call(session, "Page.captureScreenshot", Map.of("format", "png"))
                        .get("data")
                        .asText());
    }

    String output() {
        try {
            return Files.exists(log) ? Files.readString(log) : "";
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }

    private JsonNode call(String sessionId, String method, Map<String, Object> params) throws Exception {
        int id = ids.incrementAndGet();
        ObjectNode message = JSON.createObjectNode();
        message.put("id", id);
        message.put("method", method);
        message.set("params", JSON.valueToTree(params));
        if (sessionId != null) {
            message.put("sessionId", sessionId);
        }
        CompletableFuture<JsonNode> answer = new CompletableFuture<>();
        pending.put(id, answer);
        socket.sendText(JSON.writeValueAsString(message), true).get(10, TimeUnit.SECONDS);
        JsonNode reply = answer.get(CALL_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        if (reply.has("error")) {
            throw new IllegalStateException(method + " failed: " + reply.get("error"));
        }
        return reply.get("result");
    }

    /** Collects each (possibly fragmented) message and completes the call it answers; of the events, only sent requests are kept. */
    private final class Listener implements WebSocket.Listener {
        private final StringBuilder text = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                try {
                    JsonNode message = JSON.readTree(text.toString());
                    if (message.has("id")) {
                        CompletableFuture<JsonNode> answer =
                                pending.remove(message.get("id").asInt());
                        if (answer != null) {
                            answer.complete(message);
                        }
                    } else if ("Network.requestWillBeSent"
                            .equals(message.path("method").asText())) {
                        requests.add(message.at("/params/request/url").asText());
                    }
                } catch (IOException e) {
                    pending.values().forEach(f -> f.completeExceptionally(e));
                } finally {
                    text.setLength(0);
                }
            }
            webSocket.request(1);
            return null;
        }
    }

    @Override
    public void close() {
        Path singleton = singletonDir();
        if (socket != null) {
            try {
                // A browser closed this way removes its own lock files and sockets.
                // No reply is awaited: the browser may drop the connection before answering.
                socket.sendText("{\"id\":" + ids.incrementAndGet() + ",\"method\":\"Browser.close\"}", true)
                        .get(5, TimeUnit.SECONDS);
            } catch (Exception e) {
                // it may be gone already; the process is stopped below either way
            }
            socket.abort();
        }
        try {
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                // Only the processes this test started: the browser and its own children (renderers, zygote).
                List<ProcessHandle> children = process.descendants().toList();
                process.destroy();
                children.forEach(ProcessHandle::destroy);
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    children.forEach(ProcessHandle::destroyForcibly);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        deleteLeftover(singleton);
    }

    /** Chromium keeps its singleton socket in a directory of its own under the system temp directory. */
    private Path singletonDir() {
        try {
            Path link = log.resolveSibling("profile").resolve("SingletonSocket");
            if (Files.isSymbolicLink(link)) {
                Path dir = Files.readSymbolicLink(link).getParent();
                return dir != null && dir.getFileName().toString().startsWith("org.chromium.Chromium.") ? dir : null;
            }
        } catch (IOException e) {
            // nothing to clean up then
        }
        return null;
    }

    private static void deleteLeftover(Path dir) {
        if (dir == null || !Files.isDirectory(dir)) {
            return;
        }
        try (var files = Files.list(dir)) {
            for (Path file : files.toList()) {
                Files.deleteIfExists(file);
            }
            Files.deleteIfExists(dir);
        } catch (IOException e) {
            System.err.println("could not remove Chromium's temporary directory " + dir + ": " + e);
        }
    }
}
