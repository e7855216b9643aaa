package dev.gpuarb.streams.api;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gpuarb.streams.api.http.Exchange;
import dev.gpuarb.streams.api.http.ServerLimits;
import dev.gpuarb.streams.api.live.LiveFeed;
import dev.gpuarb.streams.api.live.LiveOptions;
import dev.gpuarb.streams.api.live.LiveSection;
import dev.gpuarb.streams.api.live.LiveState;
import dev.gpuarb.streams.api.live.PageAccess;
import dev.gpuarb.streams.api.live.PageAssets;
import dev.gpuarb.streams.api.resources.Resource;
import dev.gpuarb.streams.config.StreamsApp;
import dev.gpuarb.streams.routing.LatestOffersStage;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
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
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Read-only HTTP API over the state stores, on Jetty. Lists gather entries from every instance (each
 * forwarded request carries {@code local=true} so it is answered from that instance only); a single key
 * is answered by the instance that holds it. All routes but /health need the bearer token when one is
 * configured. The live page ({@code /} or {@code /live}) and its event stream ({@code /events}) also take
 * the token as a query parameter or cookie (see {@link PageAccess}); the page's script and style sheet
 * hold no data and are open.
 *
 * <p>Jetty reads request headers and writes whole responses without holding a thread, so clients that
 * send or read slowly hold connections, not the threads that answer /health and the API; the limits
 * ({@link ServerLimits}) close connections that stall and cap how many there are. Request metrics are
 * tagged by a fixed set of resources, never by what a client sent. An error answer names a generic cause
 * and an id; the exception goes to the log under that id only.
 */
public final class ApiServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ApiServer.class);
    static final String LOCAL_ONLY = "local";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String JSON_TYPE = "application/json";
    private static final TypeReference<List<Object>> JSON_LIST = new TypeReference<>() {};
    /** The request metric's resource tag: these, or {@link #OTHER}. */
    static final Set<String> RESOURCE_TAGS = resourceTags();

    static final String OTHER = "other";
    /** Path and live-page section of the per-source summaries (see {@link SourceSummaries}). */
    static final String SOURCES = "sources";
    /** How long a computed summary of this instance's sources is reused: it scans every latest offer. */
    private static final Duration SOURCES_REUSE = Duration.ofSeconds(5);
    /** Handler threads; they never wait on a client's bytes, only on the stores and on peer instances. */
    private static final int THREADS = 16;

    private final Server server;
    private final ServerConnector connector;
    private final StateView view;
    private final PrometheusMeterRegistry metrics;
    private final String token;
    private final PageAccess access;
    private final LiveFeed live;
    private final HttpClient peers =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private volatile LocalSources localSources;

    private ApiServer(
            String bindAddress,
            int port,
            StateView view,
            PrometheusMeterRegistry metrics,
            String token,
            ServerLimits limits,
            LiveOptions liveOptions) {
        this.view = view;
        this.metrics = metrics;
        this.token = token == null ? "" : token;
        this.access = new PageAccess(this.token);
        this.live = new LiveFeed(this::liveState, view::state, liveOptions, limits.idleTimeout());
        Gauge.builder("gpuarb.api.live.clients", live, LiveFeed::clientCount)
                .description("Browsers following the live page's event stream")
                .register(metrics);

        // Jetty's acceptor and selector take two threads of the pool; the rest answer requests.
        QueuedThreadPool threads = new QueuedThreadPool(THREADS + 2, 4);
        threads.setName("gpuarb-api");
        threads.setDaemon(true);
        server = new Server(threads);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendDateHeader(false);
        // Keys may hold an encoded '/' (%2F), e.g. token model names; the path is split before decoding.
        http.setUriCompliance(
                UriCompliance.DEFAULT.with("gpuarb-keys", UriCompliance.Violation.AMBIGUOUS_PATH_SEPARATOR));
        connector = new ServerConnector(server, 1, 1, new HttpConnectionFactory(http));
        connector.setHost(bindAddress);
        connector.setPort(port);
        connector.setIdleTimeout(limits.idleTimeout().toMillis());
        server.addConnector(connector);
        server.addBean(new NetworkConnectionLimit(limits.maxConnections(), connector));
        // Jetty's own answers (malformed requests) carry no stack trace or exception text either.
        ErrorHandler errors = new ErrorHandler();
        errors.setShowStacks(false);
        errors.setShowCauses(false);
        errors.setShowMessageInTitle(false);
        server.setErrorHandler(errors);
        server.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                ApiServer.this.handle(request, response, callback);
                return true;
            }
        });
    }

    /** Binds and starts serving; port 0 picks a free port (see {@link #address()}). */
    public static ApiServer start(
            String bindAddress, int port, String token, StateView view, PrometheusMeterRegistry metrics)
            throws IOException {
        return start(bindAddress, port, token, view, metrics, LiveOptions.DEFAULTS);
    }

    /** As above, with the live feed's polling, keep-alive and client limits given. */
    public static ApiServer start(
            String bindAddress,
            int port,
            String token,
            StateView view,
            PrometheusMeterRegistry metrics,
            LiveOptions liveOptions)
            throws IOException {
        return start(bindAddress, port, token, view, metrics, ServerLimits.DEFAULTS, liveOptions);
    }

    /** As above, with the server's idle timeout and connection cap given. */
    public static ApiServer start(
            String bindAddress,
            int port,
            String token,
            StateView view,
            PrometheusMeterRegistry metrics,
            ServerLimits limits,
            LiveOptions liveOptions)
            throws IOException {
        ApiServer api = new ApiServer(bindAddress, port, view, metrics, token, limits, liveOptions);
        try {
            api.server.start();
        } catch (Exception e) {
            api.close();
            throw e instanceof IOException io
                    ? io
                    : new IOException("API server did not start on " + bindAddress + ":" + port, e);
        }
        return api;
    }

    public InetSocketAddress address() {
        return new InetSocketAddress(connector.getHost(), connector.getLocalPort());
    }

    /** Browsers following the live event stream now. */
    public int liveClients() {
        return live.clientCount();
    }

    private void handle(Request request, Response response, Callback callback) {
        String path = Objects.requireNonNullElse(request.getHttpURI().getPath(), "/");
        String[] parts = path.replaceAll("^/+|/+$", "").split("/", 2);
        String first = parts[0];
        Counter.Builder requests = Counter.builder("gpuarb.api.requests").tag("resource", resourceTag(first));
        Exchange exchange = new Exchange(
                request,
                response,
                callback,
                status -> requests.tag("status", Integer.toString(status))
                        .register(metrics)
                        .increment());
        int status;
        try {
            if (first.equals("events") && parts.length == 1) {
                status = events(exchange);
            } else {
                status = dispatch(exchange, parts);
            }
        } catch (InvalidStateStoreException e) {
            // Stores move during a rebalance; the client should retry shortly.
            status = fail(exchange, 503, "state not available now (rebalancing); retry shortly", e, false);
        } catch (PeerException e) {
            status = fail(exchange, 502, "another instance of the application did not answer", e, false);
        } catch (Exception e) {
            status = fail(exchange, 500, "internal error", e, true);
        }
        exchange.reportStatus(status); // streams and failed exchanges report here, once they end
    }

    /** The metric tag of a path's first segment: a resource this server knows, else "other". */
    static String resourceTag(String first) {
        String resource = first.isEmpty() ? "live" : first;
        return RESOURCE_TAGS.contains(resource) ? resource : OTHER;
    }

    private static Set<String> resourceTags() {
        Set<String> tags = new java.util.TreeSet<>(Set.of("health", "metrics", "events", "live", SOURCES));
        Resource.ALL.forEach(r -> tags.add(r.path()));
        return Set.copyOf(tags);
    }

    /**
     * Answers a generic error with an id; the exception is logged under that id, never sent. Expected
     * failures (a rebalance, a peer away) are logged in one line, unexpected ones with their stack trace.
     */
    private static int fail(Exchange exchange, int status, String message, Exception e, boolean unexpected) {
        String id = Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE);
        if (unexpected) {
            LOG.error("API request {} {} failed [error id {}]", exchange.method(), exchange.rawPath(), id, e);
        } else {
            LOG.info(
                    "API request {} {} answered {} [error id {}]: {}",
                    exchange.method(),
                    exchange.rawPath(),
                    status,
                    id,
                    e.toString());
        }
        if (exchange.committed()) {
            exchange.fail(e);
            return status;
        }
        try {
            return send(exchange, status, JSON_TYPE, json(Map.of("error", message, "id", id)));
        } catch (IOException notSerialisable) {
            exchange.fail(e);
            return status;
        }
    }

    private int dispatch(Exchange exchange, String[] parts) throws IOException {
        if (!"GET".equals(exchange.method())) {
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
            exchange.addHeader("WWW-Authenticate", "Bearer");
            return send(exchange, 401, JSON_TYPE, error("missing or wrong bearer token"));
        }
        if (parts[0].equals("metrics")) {
            return send(exchange, 200, "text/plain; version=0.0.4; charset=utf-8", metrics.scrape());
        }
        if (parts[0].equals(SOURCES) && parts.length == 1) {
            if (!view.serves(LatestOffersStage.OFFERS_GPU_STORE)) {
                return send(
                        exchange,
                        404,
                        JSON_TYPE,
                        error("/sources is kept by the " + StreamsApp.ROUTING.id()
                                + " application, which this process does not run (gpuarb.apps); ask its API"));
            }
            boolean localOnly = "true".equals(query(exchange.rawQuery()).get(LOCAL_ONLY));
            return send(exchange, 200, JSON_TYPE, json(sources(localOnly, exchange.header("Authorization"))));
        }
        Optional<Resource> resource = Resource.byPath(parts[0]);
        if (resource.isEmpty()) {
            return send(
                    exchange,
                    404,
                    JSON_TYPE,
                    error(
                            "unknown path; try /routes, /offers, /token-offers, /sources, /spreads, /profiles, /bids, /route-trails, /spread-history, /health, /metrics, or / for the live page"));
        }
        if (!view.serves(resource.get().store())) {
            return send(
                    exchange,
                    404,
                    JSON_TYPE,
                    error("/" + resource.get().path() + " is kept by the "
                            + resource.get().app().id()
                            + " application, which this process does not run (gpuarb.apps); ask its API"));
        }
        Map<String, String> query = query(exchange.rawQuery());
        boolean localOnly = "true".equals(query.get(LOCAL_ONLY));
        if (parts.length == 1) {
            return send(exchange, 200, JSON_TYPE, json(list(resource.get(), query, localOnly, exchange)));
        }
        String key = URLDecoder.decode(parts[1], StandardCharsets.UTF_8);
        Optional<String> owner =
                localOnly ? Optional.empty() : view.remoteOwner(resource.get().store(), key);
        if (owner.isPresent()) {
            PeerResponse answer = fetch(owner.get(), exchange.rawPath() + "?" + LOCAL_ONLY + "=true", exchange);
            return send(exchange, answer.status(), JSON_TYPE, answer.body());
        }
        Optional<Object> value = view.localGet(resource.get().store(), key);
        return value.isPresent()
                ? send(exchange, 200, JSON_TYPE, json(value.get()))
                : send(exchange, 404, JSON_TYPE, error("no " + resource.get().path() + " entry for key " + key));
    }

    private int events(Exchange exchange) throws IOException {
        if (!"GET".equals(exchange.method())) {
            return send(exchange, 405, JSON_TYPE, error("read-only API: GET only"));
        }
        if (!access.page(exchange, query(exchange.rawQuery()))) {
            return send(exchange, 401, JSON_TYPE, error("missing or wrong token (header, ?token= or cookie)"));
        }
        return live.subscribe(exchange) ? 200 : 503;
    }

    private int page(Exchange exchange) throws IOException {
        Map<String, String> query = query(exchange.rawQuery());
        if (!access.page(exchange, query)) {
            return send(
                    exchange,
                    401,
                    "text/plain; charset=utf-8",
                    "This page needs the API token: open it as /?token=<gpuarb.api.token>\n");
        }
        if (access.required() && query.containsKey(PageAccess.QUERY_PARAMETER)) {
            exchange.addHeader("Set-Cookie", access.cookie());
        }
        return asset(exchange, "index.html");
    }

    private int asset(Exchange exchange, String name) throws IOException {
        Optional<PageAssets.Asset> asset = PageAssets.get(name);
        if (asset.isEmpty()) {
            return send(exchange, 404, JSON_TYPE, error("no such file of the live page"));
        }
        // Only this server's own files and event stream: injected markup could load or send nothing.
        exchange.setHeader(
                "Content-Security-Policy",
                "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'");
        exchange.setHeader("X-Content-Type-Options", "nosniff");
        exchange.setHeader("Referrer-Policy", "no-referrer");
        exchange.setHeader("Cache-Control", "no-store");
        return send(exchange, 200, asset.get().contentType(), asset.get().body());
    }

    /** The live page's sections from every instance, for the live feed (runs on the feed's thread). */
    private LiveState liveState() throws IOException {
        Map<String, Map<String, Object>> sections = new LinkedHashMap<>();
        for (LiveSection section : LiveSection.ALL) {
            Map<String, Object> entries = new LinkedHashMap<>();
            if (!view.serves(section.resource().store())) {
                sections.put(section.name(), entries); // kept by an application of another process
                continue;
            }
            for (Object value : view.localEntries(section.resource().store()).values()) {
                entries.put(section.keyOf(value), value);
            }
            for (String peer : view.otherInstances(section.resource().store())) {
                PeerResponse answer = fetch(
                        peer,
                        "/" + section.resource().path() + "?" + LOCAL_ONLY + "=true",
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
        Map<String, Object> sourceEntries = new LinkedHashMap<>();
        if (view.serves(LatestOffersStage.OFFERS_GPU_STORE)) {
            for (Map<String, Object> summary : sources(false, token.isEmpty() ? null : "Bearer " + token)) {
                sourceEntries.put(String.valueOf(summary.get(SourceSummaries.SOURCE)), summary);
            }
        }
        sections.put(SOURCES, sourceEntries);
        return new LiveState(sections);
    }

    /** Per-source summaries of this instance (reused for a few seconds) and, unless local only, of every other. */
    private List<Map<String, Object>> sources(boolean localOnly, String auth) throws IOException {
        LocalSources cached = localSources;
        long now = System.nanoTime();
        if (cached == null || now - cached.computedAtNanos() > SOURCES_REUSE.toNanos()) {
            Map<String, Iterable<Object>> offers = new LinkedHashMap<>();
            offers.put(
                    "gpu", view.localEntries(LatestOffersStage.OFFERS_GPU_STORE).values());
            offers.put(
                    "tokens",
                    view.localEntries(LatestOffersStage.OFFERS_TOKENS_STORE).values());
            cached = new LocalSources(now, SourceSummaries.of(offers, java.time.Instant.now()));
            localSources = cached;
        }
        if (localOnly) {
            return cached.summaries();
        }
        List<Object> all = new ArrayList<>(cached.summaries());
        for (String peer : view.otherInstances(LatestOffersStage.OFFERS_GPU_STORE)) {
            PeerResponse answer = fetch(peer, "/" + SOURCES + "?" + LOCAL_ONLY + "=true", auth);
            if (answer.status() != 200) {
                throw new PeerException("instance " + peer + " answered " + answer.status());
            }
            all.addAll(JSON.readValue(answer.body(), JSON_LIST));
        }
        return SourceSummaries.merge(all);
    }

    private record LocalSources(long computedAtNanos, List<Map<String, Object>> summaries) {}

    private List<Object> list(Resource resource, Map<String, String> query, boolean localOnly, Exchange exchange)
            throws IOException {
        List<Object> values = new ArrayList<>();
        for (Object value : view.localEntries(resource.store()).values()) {
            if (resource.matches(value, query)) {
                values.add(value);
            }
        }
        if (!localOnly) {
            String raw = exchange.rawQuery();
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

    private PeerResponse fetch(String hostPort, String pathAndQuery, Exchange original) {
        return fetch(hostPort, pathAndQuery, original.header("Authorization"));
    }

    private PeerResponse fetch(String hostPort, String pathAndQuery, String auth) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://" + hostPort + pathAndQuery))
                .timeout(Duration.ofSeconds(10))
                .GET();
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

    private static int send(Exchange exchange, int status, String contentType, String body) {
        return exchange.send(status, contentType, body);
    }

    private static int send(Exchange exchange, int status, String contentType, byte[] bytes) {
        return exchange.send(status, contentType, bytes);
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            LOG.warn("API server did not stop cleanly", e);
        } finally {
            live.close();
        }
    }

    private record PeerResponse(int status, String body) {}

    private static final class PeerException extends RuntimeException {
        PeerException(String message) {
            super(message);
        }
    }
}
