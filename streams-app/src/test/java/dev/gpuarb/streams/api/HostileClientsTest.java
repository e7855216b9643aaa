package dev.gpuarb.streams.api;

import static dev.gpuarb.streams.Fixtures.gpu;
import static dev.gpuarb.streams.Fixtures.gpuPolicy;
import static dev.gpuarb.streams.Fixtures.minutes;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gpuarb.avro.PricingModel;
import dev.gpuarb.streams.Pipeline;
import dev.gpuarb.streams.api.http.ServerLimits;
import dev.gpuarb.streams.api.live.LiveOptions;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The API's real HTTP server, over the production topology (in a TopologyTestDriver), against clients
 * that mean harm or are merely broken: random paths, requests sent half-way and left there, a live page
 * that stops reading, one address opening many live streams, and requests that make the server fail.
 */
class HostileClientsTest {

    private static final String TOKEN = "s3cret";
    private static final Map<String, String> BEARER = Map.of("Authorization", "Bearer " + TOKEN);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The test server's idle timeout: short, so the test sees stalled connections closed. */
    private static final Duration IDLE = Duration.ofSeconds(2);
    /** Generous bound on anything the server should do "soon" (the build machine is shared and loaded). */
    private static final Duration WAIT = Duration.ofSeconds(60);

    private final HttpClient http =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final Object lock = new Object();
    private final List<Socket> sockets = new ArrayList<>();
    private Pipeline p;
    private PrometheusMeterRegistry metrics;
    private ApiServer api;

    @BeforeEach
    void start() throws Exception {
        p = Pipeline.start();
        p.send(gpu("lambda", "us-west-1", PricingModel.ON_DEMAND, 3.0, minutes(0))
                .build());
        p.send(gpu("aws", "us-east-1", PricingModel.SPOT, 2.0, minutes(0)).build());
        p.send(gpuPolicy("batch-h100", "H100-80GB", minutes(1))
                .setPricingModels(List.of(PricingModel.ON_DEMAND))
                .build());
        metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    }

    @AfterEach
    void stop() throws IOException {
        for (Socket s : sockets) {
            s.close();
        }
        if (api != null) {
            api.close();
        }
        p.close();
    }

    private void serve(StateView view, LiveOptions live) throws IOException {
        api = ApiServer.start("127.0.0.1", 0, TOKEN, view, metrics, new ServerLimits(IDLE, 256), live);
    }

    private StateView driverView() {
        return new LockedView(new DriverView(p::driverFor, List.of(), null), lock);
    }

    private String url(String pathAndQuery) {
        return "http://127.0.0.1:" + api.address().getPort() + pathAndQuery;
    }

    private HttpResponse<String> get(String pathAndQuery, Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url(pathAndQuery)))
                .timeout(Duration.ofSeconds(20))
                .GET();
        headers.forEach(request::header);
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void randomPathsLeaveTheRequestMetricsBounded() throws Exception {
        serve(driverView(), LiveOptions.DEFAULTS);
        List<String> paths = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            paths.add("/" + UUID.randomUUID() + "/x");
        }
        for (int i = 0; i < paths.size(); i++) {
            // Half before authentication (401), half after (404): neither may add a series per path.
            assertThat(get(paths.get(i), i % 2 == 0 ? Map.of() : BEARER).statusCode())
                    .isIn(401, 404);
        }
        get("/routes", BEARER);

        List<String> series = Arrays.stream(metrics.scrape().split("\n"))
                .filter(line -> line.startsWith("gpuarb_api_requests_total{"))
                .toList();
        assertThat(series)
                .as("one series per known resource and status, whatever the paths")
                .hasSizeLessThanOrEqualTo(3)
                .anySatisfy(line ->
                        assertThat(line).startsWith("gpuarb_api_requests_total{resource=\"routes\",status=\"200\"}"));
        double others = series.stream()
                .filter(line -> line.contains("resource=\"other\""))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .sum();
        assertThat(others).as("every unknown path counted under 'other'").isEqualTo(300.0);
        assertThat(metrics.getMeters().size()).as("meters in the registry").isLessThan(40);
    }

    @Test
    void halfSentRequestsNeitherStopTheApiNorHealthAndAreClosed() throws Exception {
        serve(driverView(), LiveOptions.DEFAULTS);
        // More stalled requests than the old server had threads: each sends part of its headers, then nothing.
        List<Socket> stalled = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            Socket s = connect("127.0.0.1");
            s.getOutputStream()
                    .write(("GET /routes HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + TOKEN + "\r\nX-Pad: ")
                            .getBytes(StandardCharsets.US_ASCII));
            s.getOutputStream().flush();
            stalled.add(s);
        }
        Thread.sleep(300); // the server has read what they sent

        HttpResponse<String> health = get("/health", Map.of());
        assertThat(health.statusCode()).isEqualTo(200);
        HttpResponse<String> routes = get("/routes", BEARER);
        assertThat(routes.statusCode()).isEqualTo(200);
        assertThat(routes.body()).contains("batch-h100");

        for (Socket s : stalled) {
            assertThat(closedByServer(s, WAIT))
                    .as("a stalled request's connection is closed after the idle timeout")
                    .isTrue();
        }
        assertThat(get("/health", Map.of()).statusCode()).isEqualTo(200);
    }

    @Test
    void aLivePageThatStopsReadingIsDisconnectedAndItsSlotAndThreadAreFree() throws Exception {
        // Many routes, with long ids: every event about all of them is large.
        synchronized (lock) {
            String padding = "r".repeat(180);
            for (int i = 0; i < 2000; i++) {
                p.send(gpuPolicy(padding + i, "H100-80GB", minutes(2)).build());
            }
        }
        serve(driverView(), new LiveOptions(Duration.ofMillis(100), Duration.ofMillis(300), 1, 1, 16));

        Socket reader = connect("127.0.0.1", 4096);
        reader.getOutputStream()
                .write(("GET /events HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + TOKEN + "\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
        reader.getOutputStream().flush();
        // ... and never reads a byte.
        await(() -> api.liveClients() == 1, "the page is following the stream");

        // Every route flips between two offers: each update carries all 2,000 routes, far more than the
        // socket buffers hold, so writes to the page stall.
        long deadline = System.nanoTime() + WAIT.toNanos();
        for (int flip = 0; api.liveClients() > 0 && System.nanoTime() < deadline; flip++) {
            if (flip < 12) {
                synchronized (lock) {
                    p.send(gpu(
                                    "lambda",
                                    "us-west-1",
                                    PricingModel.ON_DEMAND,
                                    flip % 2 == 0 ? 1.5 : 3.5,
                                    minutes(3 + flip))
                            .build());
                }
            }
            Thread.sleep(200);
        }
        assertThat(api.liveClients())
                .as("the page that stopped reading is disconnected")
                .isZero();
        await(() -> liveWriterThreads() == 0, "no thread is left writing to it");
        assertThat(closedByServer(reader, WAIT)).as("its connection is closed").isTrue();
        try (SseClient next = SseClient.open(url("/events"), BEARER)) {
            assertThat(next.status()).as("the only slot is free again").isEqualTo(200);
            next.await("snapshot", WAIT);
        }
    }

    @Test
    void oneAddressCannotTakeMoreThanItsShareOfLiveSlots() throws Exception {
        serve(driverView(), new LiveOptions(Duration.ofMillis(100), Duration.ofMillis(300), 8, 2, 16));
        try (SseClient first = SseClient.open(url("/events"), BEARER);
                SseClient second = SseClient.open(url("/events"), BEARER);
                SseClient third = SseClient.open(url("/events"), BEARER)) {
            assertThat(first.status()).isEqualTo(200);
            assertThat(second.status()).isEqualTo(200);
            assertThat(third.status()).as("a third stream from 127.0.0.1").isEqualTo(503);
            assertThat(third.header("Retry-After")).isNotEmpty();

            // Another address (127.0.0.2 is loopback too) still gets a slot of the eight.
            Socket other = connect("127.0.0.2");
            other.getOutputStream()
                    .write(("GET /events HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + TOKEN + "\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
            other.getOutputStream().flush();
            assertThat(statusLine(other)).startsWith("HTTP/1.1 200");
            await(() -> api.liveClients() == 3, "three streams followed");
        }
    }

    @Test
    void errorAnswersNameACauseAndAnIdButNoExceptionText() throws Exception {
        String secret = "disk /var/lib/secret-path is corrupt";
        StateView base = driverView();
        StateView failing = (StateView) Proxy.newProxyInstance(
                StateView.class.getClassLoader(), new Class<?>[] {StateView.class}, (proxy, method, args) -> {
                    if (method.getName().equals("localEntries") && "route-decisions".equals(args[0])) {
                        throw new IllegalStateException(secret);
                    }
                    if (method.getName().equals("localEntries")) {
                        throw new InvalidStateStoreException("store " + args[0] + " migrating to host-7.internal");
                    }
                    try {
                        return method.invoke(base, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        serve(failing, LiveOptions.DEFAULTS);

        HttpResponse<String> crash = get("/routes", BEARER);
        assertThat(crash.statusCode()).isEqualTo(500);
        assertGeneric(crash.body(), secret, "IllegalStateException");

        HttpResponse<String> moving = get("/offers", BEARER);
        assertThat(moving.statusCode()).isEqualTo(503);
        assertGeneric(moving.body(), "host-7.internal", "InvalidStateStoreException");

        // A request Jetty itself refuses (a malformed escape in the path): no exception text either.
        Socket malformed = connect("127.0.0.1");
        malformed
                .getOutputStream()
                .write("GET /routes/%zz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
                        .getBytes(StandardCharsets.US_ASCII));
        malformed.getOutputStream().flush();
        malformed.setSoTimeout((int) WAIT.toMillis());
        String refused = new String(malformed.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        assertThat(refused)
                .startsWith("HTTP/1.1 400")
                .doesNotContain("Exception")
                .doesNotContain("at org.eclipse");

        // A peer that cannot be reached: its address and the connection error stay in the log.
        try (ApiServer withPeer = ApiServer.start(
                "127.0.0.1",
                0,
                TOKEN,
                new DriverView(null, List.of("127.0.0.1:1"), null),
                metrics,
                new ServerLimits(IDLE, 256),
                LiveOptions.DEFAULTS)) {
            HttpResponse<String> peer = http.send(
                    HttpRequest.newBuilder(URI.create(
                                    "http://127.0.0.1:" + withPeer.address().getPort() + "/routes"))
                            .header("Authorization", "Bearer " + TOKEN)
                            .timeout(Duration.ofSeconds(30))
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(peer.statusCode()).isEqualTo(502);
            assertGeneric(peer.body(), "127.0.0.1:1", "ConnectException");
        }
    }

    private static void assertGeneric(String body, String... secrets) throws IOException {
        JsonNode error = JSON.readTree(body);
        assertThat(error.path("error").asText()).as(body).isNotBlank();
        assertThat(error.path("id").asText())
                .as("an id to find the exception in the log: %s", body)
                .matches("[0-9a-f]+");
        for (String secret : secrets) {
            assertThat(body).doesNotContain(secret);
        }
        assertThat(body).doesNotContain("Exception").doesNotContain("java.");
    }

    private Socket connect(String fromAddress) throws IOException {
        return connect(fromAddress, 0);
    }

    private Socket connect(String fromAddress, int receiveBuffer) throws IOException {
        Socket s = new Socket();
        sockets.add(s);
        if (receiveBuffer > 0) {
            s.setReceiveBufferSize(receiveBuffer); // before connecting: it sets the TCP window offered
        }
        s.bind(new InetSocketAddress(fromAddress, 0));
        s.connect(new InetSocketAddress("127.0.0.1", api.address().getPort()), 10_000);
        return s;
    }

    private static String statusLine(Socket s) throws IOException {
        s.setSoTimeout((int) WAIT.toMillis());
        InputStream in = s.getInputStream();
        StringBuilder line = new StringBuilder();
        for (int c = in.read(); c != -1 && c != '\n'; c = in.read()) {
            line.append((char) c);
        }
        return line.toString().trim();
    }

    /** Reads (and drops) whatever the server sent until it closes the connection; false if it is still open at the deadline. */
    private static boolean closedByServer(Socket s, Duration within) throws IOException {
        long deadline = System.nanoTime() + within.toNanos();
        byte[] buffer = new byte[64 * 1024];
        InputStream in = s.getInputStream();
        while (System.nanoTime() < deadline) {
            s.setSoTimeout(500);
            try {
                if (in.read(buffer) == -1) {
                    return true;
                }
            } catch (SocketTimeoutException e) {
                // still open; keep waiting
            } catch (IOException e) {
                return true; // reset by the server
            }
        }
        return false;
    }

    /** Threads serving a live stream now (a LiveClient's run on their stack). */
    private static long liveWriterThreads() {
        return Thread.getAllStackTraces().values().stream()
                .filter(stack -> Arrays.stream(stack)
                        .anyMatch(f -> f.getClassName().endsWith(".LiveClient")
                                && f.getMethodName().equals("run")))
                .count();
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + WAIT + ": " + what);
            }
            Thread.sleep(50);
        }
    }
}
