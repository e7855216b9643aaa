package dev.gpuarb.connectors.core;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;

/**
 * A loopback HTTP server for provider fixtures: per path, a queue of scripted responses (the last
 * one repeats), and a log of requests.
 */
public final class FixtureHttpServer implements AutoCloseable {

    /** One scripted answer. {@code delayMs} > 0 holds the response back (to provoke client timeouts). */
    public record Reply(int status, String body, Map<String, String> headers, long delayMs) {
        public static Reply ok(String body) {
            return new Reply(200, body, Map.of("Content-Type", "application/json"), 0);
        }

        public static Reply status(int status) {
            return new Reply(status, "{\"error\":\"scripted " + status + "\"}", Map.of(), 0);
        }

        public Reply withHeader(String name, String value) {
            Map<String, String> h = new HashMap<>(headers);
            h.put(name, value);
            return new Reply(status, body, h, delayMs);
        }

        public Reply delayed(long ms) {
            return new Reply(status, body, headers, ms);
        }
    }

    private final HttpServer server;
    private final Map<String, Deque<Reply>> script = new HashMap<>();
    private final List<String> requests = Collections.synchronizedList(new ArrayList<>());

    public FixtureHttpServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.createContext("/", this::handle);
        server.start();
    }

    /**
     * Scripts replies for a path, or for a path and raw query ({@code /prices?$skip=100}), which wins
     * over the bare path; the last reply repeats.
     */
    public synchronized FixtureHttpServer on(String path, Reply... replies) {
        script.put(path, new ArrayDeque<>(List.of(replies)));
        return this;
    }

    public URI uri(String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + pathAndQuery);
    }

    public List<String> requests() {
        synchronized (requests) {
            return List.copyOf(requests);
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        String query = exchange.getRequestURI().getRawQuery();
        requests.add(path + (query == null ? "" : "?" + query));
        Reply reply;
        synchronized (this) {
            Deque<Reply> replies = query == null ? null : script.get(path + "?" + query);
            if (replies == null) {
                replies = script.get(path);
            }
            if (replies == null || replies.isEmpty()) {
                reply = Reply.status(404);
            } else {
                reply = replies.size() > 1 ? replies.pollFirst() : replies.peekFirst();
            }
        }
        try {
            if (reply.delayMs() > 0) {
                Thread.sleep(reply.delayMs());
            }
            byte[] body = reply.body().getBytes(StandardCharsets.UTF_8);
            reply.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
            exchange.sendResponseHeaders(reply.status(), body.length == 0 ? -1 : body.length);
            if (body.length > 0) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            // the client gave up (timeout test): nothing to do
        } finally {
            exchange.close();
        }
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }
}
