package dev.gpuarb.streams.api;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.gpuarb.streams.api.live.LiveFeed;
import dev.gpuarb.streams.api.live.LiveOptions;
import dev.gpuarb.streams.api.live.LiveSection;
import dev.gpuarb.streams.api.live.LiveState;
import dev.gpuarb.streams.api.live.PageAccess;
import dev.gpuarb.streams.api.live.PageAssets;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
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
 * when one is configured. The live page ({@code /} or {@code /live}) and its event stream ({@code /events})
 * also take the token as a query parameter or cookie (see {@link PageAccess}); the page's script and
 * style sheet hold no data and are open.
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
    private final PageAccess access;
    private final LiveFeed live;
    private final HttpClient peers = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private ApiServer(HttpServer server, StateView view, PrometheusMeterRegistry metrics, String token, LiveOptions liveOptions) {
        this.server = server;
        this.view = view;
        this.metrics = metrics;
        this.token = token == null ? "" : token;
        this.access = new PageAccess(this.token);
        this.live = new LiveFeed(this::liveState, view::state, liveOptions);
        Gauge.builder("gpuarb.api.live.clients", live, LiveFeed::clientCount)
                .description("Browsers following the live page's event stream").register(metrics);
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
        return start(bindAddress, port, token, view, metrics, LiveOptions.DEFAULTS);
    }

    /** As above, with the live feed's polling, keep-alive and client limit given. */
    public static ApiServer start(String bindAddress, int port, String token, StateView view, PrometheusMeterRegistry metrics,
                                  LiveOptions liveOptions) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(bindAddress, port), 0);
        ApiServer api = new ApiServer(server, view, metrics, token, liveOptions);
        server.start();
        return api;
    }

    public InetSocketAddress address() {
        return server.getAddress();
    }

    /** Browsers following the live event stream now. */
    public int liveClients() {
        return live.clientCount();
    }

    private void handle(HttpExchange exchange) throws IOException {
        String[] parts = exchange.getRequestURI().getRawPath().replaceAll("^/+|/+$", "").split("/", 2);
        String first = parts[0];
        int status;
        boolean streaming = false;
        try {
            if (first.equals("events") && parts.length == 1) {
                status = events(exchange);
                streaming = status == 200;
            } else {
                status = dispatch(exchange, parts);
            }
        } catch (InvalidStateStoreException e) {
            // Stores move during a rebalance; the client should retry shortly.
            status = send(exchange, 503, JSON_TYPE, error("state store not available now: " + e.getMessage()));
        } catch (PeerException e) {
            status = send(exchange, 502, JSON_TYPE, error(e.getMessage()));
        } catch (RuntimeException e) {
            status = send(exchange, 500, JSON_TYPE, error(e.toString()));
        } finally {
            if (!streaming) { // an event stream is closed by the live feed when its browser goes away
                exchange.close();
            }
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
        if (parts[0].equals("live") && parts.length == 2) {
            return asset(exchange, parts[1]);
        }
        if (parts[0].isEmpty() || (parts[0].equals("live") && parts.length == 1)) {
            return page(exchange);
        }
        if (!access.bearer(exchange)) {
            exchange.getResponseHeaders().add("WWW-Authenticate", "Bearer");
            return send(exchange, 401, JSON_TYPE, error("missing or wrong bearer token"));
        }
        if (parts[0].equals("metrics")) {
            return send(exchange, 200, "text/plain; version=0.0.4; charset=utf-8", metrics.scrape());
        }
        Optional<Resource> resource = Resource.byPath(parts[0]);
        if (resource.isEmpty()) {
            return send(exchange, 404, JSON_TYPE, error("unknown path; try /routes, /offers, /token-offers, /spreads, /profiles, /bids, /health, /metrics, or / for the live page"));
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

    private int events(HttpExchange exchange) throws IOException {
        if (!"GET".equals(exchange.getRequestMethod())) {
            return send(exchange, 405, JSON_TYPE, error("read-only API: GET only"));
        }
        if (!access.page(exchange, query(exchange.getRequestURI().getRawQuery()))) {
            return send(exchange, 401, JSON_TYPE, error("missing or wrong token (header, ?token= or cookie)"));
        }
        return live.subscribe(exchange) ? 200 : 503;
    }

    private int page(HttpExchange exchange) throws IOException {
        Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
        if (!access.page(exchange, query)) {
            return send(exchange, 401, "text/plain; charset=utf-8",
                    "This page needs the API token: open it as /?token=<gpuarb.api.token>\n");
        }
        if (access.required() && query.containsKey(PageAccess.QUERY_PARAMETER)) {
            exchange.getResponseHeaders().add("Set-Cookie", access.cookie());
        }
        return asset(exchange, "index.html");
    }

    private int asset(HttpExchange exchange, String name) throws IOException {
        Optional<PageAssets.Asset> asset = PageAssets.get(name);
        if (asset.isEmpty()) {
            return send(exchange, 404, JSON_TYPE, error("no such file of the live page"));
        }
        // Only this server's own files and event stream: injected markup could load or send nothing.
        exchange.getResponseHeaders().set("Content-Security-Policy",
                "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'");
        exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
        exchange.getResponseHeaders().set("Referrer-Policy", "no-referrer");
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        return send(exchange, 200, asset.get().contentType(), asset.get().body());
    }

    /** The live page's sections from every instance, for the live feed (runs on the feed's thread). */
    private LiveState liveState() throws IOException {
        Map<String, Map<String, Object>> sections = new LinkedHashMap<>();
        for (LiveSection section : LiveSection.ALL) {
            Map<String, Object> entries = new LinkedHashMap<>();
            for (Object value : view.localEntries(section.resource().store()).values()) {
                entries.put(section.keyOf(value), value);
            }
            for (String peer : view.otherInstances(section.resource().store())) {
                PeerResponse answer = fetch(peer, "/" + section.resource().path() + "?" + LOCAL_ONLY + "=true",
                        token.isEmpty() ? null : "Bearer " + token);
                if (answer.status() != 200) {
                    throw new PeerException("instance " + peer + " answered " + answer.status());
                }
                for (Object value : JSON.readValue(answer.body(), JSON_LIST)) {
                    entries.put(section.keyOf(value), value);
                }
            }
            sections.put(section.name(), entries);
        }
        return new LiveState(sections);
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
        return fetch(hostPort, pathAndQuery, original.getRequestHeaders().getFirst("Authorization"));
    }

    private PeerResponse fetch(String hostPort, String pathAndQuery, String auth) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://" + hostPort + pathAndQuery))
                .timeout(Duration.ofSeconds(10)).GET();
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
        return send(exchange, status, contentType, body.getBytes(StandardCharsets.UTF_8));
    }

    private static int send(HttpExchange exchange, int status, String contentType, byte[] bytes) throws IOException {
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
        live.close();
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
