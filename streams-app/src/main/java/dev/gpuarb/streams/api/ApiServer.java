package dev.gpuarb.streams.api;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.Counter;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.kafka.streams.errors.InvalidStateStoreException;

/**
 * Read-only HTTP API over the state stores, on the JDK's HTTP server. Lists gather entries from every
 * instance (each forwarded request carries {@code local=true} so it is answered from that instance only);
 * a single key is answered by the instance that holds it. All routes but /health need the bearer token
 * when one is configured.
 */
public final class ApiServer implements AutoCloseable {

    static final String LOCAL_ONLY = "local";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String JSON_TYPE = "application/json";
    private static final TypeReference<List<Object>> JSON_LIST = new TypeReference<>() { };

    private final HttpServer server;
    private final ExecutorService executor;
    private final StateView view;
    private final PrometheusMeterRegistry metrics;
    private final String token;
    private final HttpClient peers = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private ApiServer(HttpServer server, StateView view, PrometheusMeterRegistry metrics, String token) {
        this.server = server;
        this.view = view;
        this.metrics = metrics;
        this.token = token == null ? "" : token;
        this.executor = Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "gpuarb-api");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/", this::handle);
    }

    /** Binds and starts serving; port 0 picks a free port (see {@link #address()}). */
    public static ApiServer start(String bindAddress, int port, String token, StateView view, PrometheusMeterRegistry metrics)
            throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(bindAddress, port), 0);
        ApiServer api = new ApiServer(server, view, metrics, token);
        server.start();
        return api;
    }

    public InetSocketAddress address() {
        return server.getAddress();
    }

    private void handle(HttpExchange exchange) throws IOException {
        String[] parts = exchange.getRequestURI().getRawPath().replaceAll("^/+|/+$", "").split("/", 2);
        String first = parts[0];
        int status;
        try {
            status = dispatch(exchange, parts);
        } catch (InvalidStateStoreException e) {
            // Stores move during a rebalance; the client should retry shortly.
            status = send(exchange, 503, JSON_TYPE, error("state store not available now: " + e.getMessage()));
        } catch (PeerException e) {
            status = send(exchange, 502, JSON_TYPE, error(e.getMessage()));
        } catch (RuntimeException e) {
            status = send(exchange, 500, JSON_TYPE, error(e.toString()));
        } finally {
            exchange.close();
        }
        Counter.builder("gpuarb.api.requests").tag("resource", first.isEmpty() ? "/" : first)
                .tag("status", Integer.toString(status)).register(metrics).increment();
    }

    private int dispatch(HttpExchange exchange, String[] parts) throws IOException {
        if (!"GET".equals(exchange.getRequestMethod())) {
            return send(exchange, 405, JSON_TYPE, error("read-only API: GET only"));
        }
        if (parts[0].equals("health")) {
            boolean healthy = view.healthy();
            return send(exchange, healthy ? 200 : 503, JSON_TYPE, json(Map.of("status", view.state())));
        }
        if (!authorised(exchange)) {
            exchange.getResponseHeaders().add("WWW-Authenticate", "Bearer");
            return send(exchange, 401, JSON_TYPE, error("missing or wrong bearer token"));
        }
        if (parts[0].equals("metrics")) {
            return send(exchange, 200, "text/plain; version=0.0.4; charset=utf-8", metrics.scrape());
        }
        Optional<Resource> resource = Resource.byPath(parts[0]);
        if (resource.isEmpty()) {
            return send(exchange, 404, JSON_TYPE, error("unknown path; try /routes, /offers, /token-offers, /spreads, /profiles, /bids, /health, /metrics"));
        }
        Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
        boolean localOnly = "true".equals(query.get(LOCAL_ONLY));
        if (parts.length == 1) {
            return send(exchange, 200, JSON_TYPE, json(list(resource.get(), query, localOnly, exchange)));
        }
        String key = URLDecoder.decode(parts[1], StandardCharsets.UTF_8);
        Optional<String> owner = localOnly ? Optional.empty() : view.remoteOwner(resource.get().store(), key);
        if (owner.isPresent()) {
            PeerResponse answer = fetch(owner.get(), exchange.getRequestURI().getRawPath() + "?" + LOCAL_ONLY + "=true", exchange);
            return send(exchange, answer.status(), JSON_TYPE, answer.body());
        }
        Optional<Object> value = view.localGet(resource.get().store(), key);
        return value.isPresent() ? send(exchange, 200, JSON_TYPE, json(value.get()))
                : send(exchange, 404, JSON_TYPE, error("no " + resource.get().path() + " entry for key " + key));
    }

    private List<Object> list(Resource resource, Map<String, String> query, boolean localOnly, HttpExchange exchange)
            throws IOException {
        List<Object> values = new ArrayList<>();
        for (Object value : view.localEntries(resource.store()).values()) {
            if (resource.matches(value, query)) {
                values.add(value);
            }
        }
        if (!localOnly) {
            String raw = exchange.getRequestURI().getRawQuery();
            String path = "/" + resource.path() + "?" + (raw == null ? "" : raw + "&") + LOCAL_ONLY + "=true";
            for (String peer : view.otherInstances(resource.store())) {
                PeerResponse answer = fetch(peer, path, exchange);
                if (answer.status() != 200) {
                    throw new PeerException("instance " + peer + " answered " + answer.status());
                }
                values.addAll(JSON.readValue(answer.body(), JSON_LIST));
            }
        }
        return values;
    }

    private PeerResponse fetch(String hostPort, String pathAndQuery, HttpExchange original) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://" + hostPort + pathAndQuery))
                .timeout(Duration.ofSeconds(10)).GET();
        String auth = original.getRequestHeaders().getFirst("Authorization");
        if (auth != null) {
            request.header("Authorization", auth);
        }
        try {
            HttpResponse<String> response = peers.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new PeerResponse(response.statusCode(), response.body());
        } catch (IOException e) {
            throw new PeerException("instance " + hostPort + " unreachable: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PeerException("interrupted while asking " + hostPort);
        }
    }

    private boolean authorised(HttpExchange exchange) {
        if (token.isEmpty()) {
            return true;
        }
        String header = exchange.getRequestHeaders().getFirst("Authorization");
        String expected = "Bearer " + token;
        // constant-time comparison, so response timing does not leak the token
        return header != null && MessageDigest.isEqual(header.getBytes(StandardCharsets.UTF_8),
                expected.getBytes(StandardCharsets.UTF_8));
    }

    static Map<String, String> query(String rawQuery) {
        Map<String, String> params = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return params;
        }
        for (String pair : rawQuery.split("&")) {
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            params.put(name, value);
        }
        return params;
    }

    private static String json(Object value) throws IOException {
        return JSON.writeValueAsString(value);
    }

    private static String error(String message) throws IOException {
        return json(Map.of("error", message));
    }

    private static int send(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
        return status;
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private record PeerResponse(int status, String body) {
    }

    private static final class PeerException extends RuntimeException {
        PeerException(String message) {
            super(message);
        }
    }
}
