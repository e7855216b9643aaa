package dev.gpuarb.streams.api;

import static dev.gpuarb.streams.Fixtures.gpu;
import static dev.gpuarb.streams.Fixtures.gpuPolicy;
import static dev.gpuarb.streams.Fixtures.minutes;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gpuarb.avro.PricingModel;
import dev.gpuarb.streams.Pipeline;
import dev.gpuarb.streams.api.live.LiveOptions;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The live event stream and page over the production topology (in a TopologyTestDriver): what a page
 * gets on connect and after a change, keep-alives, the client limit and the token on the page paths.
 */
class LiveEventsTest {

    private static final String TOKEN = "s3cret";
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, String> BEARER = Map.of("Authorization", "Bearer " + TOKEN);
    private final HttpClient http = HttpClient.newHttpClient();
    private final Object lock = new Object();
    private Pipeline p;
    private ApiServer api;
    private PrometheusMeterRegistry metrics;

    @BeforeEach
    void start() throws Exception {
        p = Pipeline.start();
        p.send(gpu("lambda", "us-west-1", PricingModel.ON_DEMAND, 3.0, minutes(0))
                .build());
        p.send(gpu("aws", "us-east-1", PricingModel.SPOT, 2.0, minutes(0)).build());
        p.send(gpuPolicy("batch-h100", "H100-80GB", minutes(1))
                .setPricingModels(List.of(PricingModel.ON_DEMAND))
                .build());
        LiveOptions options = new LiveOptions(Duration.ofMillis(100), Duration.ofMillis(300), 2, 16);
        metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        api = ApiServer.start(
                "127.0.0.1",
                0,
                TOKEN,
                new LockedView(new DriverView(p::driverFor, List.of(), null), lock),
                metrics,
                options);
    }

    @AfterEach
    void stop() {
        api.close();
        p.close();
    }

    private String url(String pathAndQuery) {
        return "http://127.0.0.1:" + api.address().getPort() + pathAndQuery;
    }

    private HttpResponse<String> get(String pathAndQuery, Map<String, String> headers) throws Exception {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(URI.create(url(pathAndQuery))).GET();
        headers.forEach(request::header);
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode upsert(JsonNode body, String section, String key) {
        for (JsonNode item : body.at("/" + section + "/upsert")) {
            if (item.get("key").asText().equals(key)) {
                return item.get("value");
            }
        }
        return null;
    }

    @Test
    void aPageGetsTheWholeStateOnConnectThenOnlyWhatChanged() throws Exception {
        try (SseClient events = SseClient.open(url("/events"), BEARER)) {
            assertThat(events.status()).isEqualTo(200);
            assertThat(events.header("Content-Type")).startsWith("text/event-stream");

            JsonNode snapshot = JSON.readTree(events.await("snapshot", WAIT).data());
            JsonNode route = upsert(snapshot, "routes", "batch-h100");
            assertThat(route).as("route in the snapshot: %s", snapshot).isNotNull();
            assertThat(route.at("/chosen/endpoint/provider").asText()).isEqualTo("lambda");
            assertThat(route.get("decidedAt").asText()).isEqualTo(minutes(1).toString());
            assertThat(snapshot.at("/bids/upsert")).hasSize(1);
            assertThat(upsert(snapshot, "bids", "aws|us-east-1||p5.48xlarge|SPOT")
                            .get("action")
                            .asText())
                    .isEqualTo("BID");
            assertThat(snapshot.get("state").asText()).isEqualTo("RUNNING");

            synchronized (lock) {
                p.send(gpu("aws", "us-west-2", PricingModel.ON_DEMAND, 2.5, minutes(2))
                        .build());
            }

            JsonNode update = JSON.readTree(events.await("update", WAIT).data());
            JsonNode switched = upsert(update, "routes", "batch-h100");
            assertThat(switched).as("route switch in %s", update).isNotNull();
            assertThat(switched.at("/chosen/endpoint/provider").asText()).isEqualTo("aws");
            assertThat(switched.at("/chosen/endpoint/region").asText()).isEqualTo("us-west-2");
            assertThat(switched.get("reason").asText()).startsWith("cheaper endpoint");
            assertThat(switched.get("decidedAt").asText()).isEqualTo(minutes(2).toString());
            assertThat(update.has("bids"))
                    .as("unchanged bids are not sent again: %s", update)
                    .isFalse();
            assertThat(update.has("spreads")).isFalse();
        }
    }

    @Test
    void aQuietStreamGetsKeepAliveComments() throws Exception {
        try (SseClient events = SseClient.open(url("/events"), BEARER)) {
            events.await("snapshot", WAIT);
            assertThat(events.await("comment", WAIT).data()).isEqualTo("keep-alive");
        }
    }

    @Test
    @SuppressWarnings("try") // closes the first stream halfway on purpose: the test is about its slot being freed
    void clientsAreBoundedAndALeavingClientFreesItsSlot() throws Exception {
        try (SseClient first = SseClient.open(url("/events"), BEARER);
                SseClient second = SseClient.open(url("/events"), BEARER)) {
            first.await("snapshot", WAIT);
            second.await("snapshot", WAIT);
            try (SseClient third = SseClient.open(url("/events"), BEARER)) {
                assertThat(third.status()).isEqualTo(503);
                assertThat(third.header("Retry-After")).isNotEmpty();
            }
            assertThat(api.liveClients()).isEqualTo(2);
            assertThat(metrics.scrape()).contains("gpuarb_api_live_clients 2.0");

            first.close();
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (api.liveClients() > 1 && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertThat(api.liveClients())
                    .as("the closed stream is noticed at the next write")
                    .isEqualTo(1);

            try (SseClient again = SseClient.open(url("/events"), BEARER)) {
                assertThat(again.status()).isEqualTo(200);
                again.await("snapshot", WAIT);
            }
        }
    }

    @Test
    void pageAndEventsTakeTheTokenAsQueryParameterOrCookieAndOnlyThey() throws Exception {
        Map<String, String> none = Map.of();
        assertThat(get("/", none).statusCode()).isEqualTo(401);
        assertThat(get("/live", none).statusCode()).isEqualTo(401);
        assertThat(get("/?token=wrong", none).statusCode()).isEqualTo(401);
        assertThat(get("/events", none).statusCode()).isEqualTo(401);
        assertThat(get("/events?token=wrong", none).statusCode()).isEqualTo(401);
        assertThat(get("/routes?token=" + TOKEN, none).statusCode())
                .as("the JSON API takes the header only")
                .isEqualTo(401);
        assertThat(get("/routes", Map.of("Cookie", "gpuarb_token=" + TOKEN)).statusCode())
                .isEqualTo(401);
        assertThat(get("/health", none).statusCode()).isEqualTo(200);

        HttpResponse<String> page = get("/?token=" + TOKEN, none);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
        assertThat(page.headers().firstValue("Content-Security-Policy").orElse(""))
                .contains("default-src 'none'");
        String cookie = page.headers().firstValue("Set-Cookie").orElse("");
        assertThat(cookie)
                .startsWith("gpuarb_token=" + TOKEN + ";")
                .contains("HttpOnly")
                .contains("SameSite=Strict");
        assertThat(page.body()).contains("src=\"/live/live.js\"").contains("id=\"routes\"");
        assertThat(get("/live", BEARER).statusCode()).isEqualTo(200);
        assertThat(get("/live", Map.of("Cookie", "other=1; gpuarb_token=" + TOKEN))
                        .statusCode())
                .isEqualTo(200);

        HttpResponse<String> script = get("/live/live.js", none);
        assertThat(script.statusCode()).as("the script holds no data").isEqualTo(200);
        assertThat(script.headers().firstValue("Content-Type").orElse("")).startsWith("text/javascript");
        assertThat(get("/live/live.css", none).statusCode()).isEqualTo(200);
        assertThat(get("/live/secrets.txt", none).statusCode()).isEqualTo(404);

        try (SseClient byQuery = SseClient.open(url("/events?token=" + TOKEN), none);
                SseClient byCookie = SseClient.open(url("/events"), Map.of("Cookie", "gpuarb_token=" + TOKEN))) {
            assertThat(byQuery.status()).isEqualTo(200);
            assertThat(byCookie.status()).isEqualTo(200);
            byQuery.await("snapshot", WAIT);
            byCookie.await("snapshot", WAIT);
        }
    }

    @Test
    void anInstanceWithoutTheEntriesGathersThemFromItsPeersWithTheToken() throws Exception {
        String first = "127.0.0.1:" + api.address().getPort();
        try (ApiServer other = ApiServer.start(
                        "127.0.0.1",
                        0,
                        TOKEN,
                        new DriverView(null, List.of(first), first),
                        new PrometheusMeterRegistry(PrometheusConfig.DEFAULT),
                        LiveOptions.DEFAULTS);
                SseClient events = SseClient.open(
                        "http://127.0.0.1:" + other.address().getPort() + "/events?token=" + TOKEN, Map.of())) {
            JsonNode snapshot = JSON.readTree(events.await("snapshot", WAIT).data());
            JsonNode route = upsert(snapshot, "routes", "batch-h100");
            assertThat(route).as("route from the peer in %s", snapshot).isNotNull();
            assertThat(route.at("/chosen/endpoint/provider").asText()).isEqualTo("lambda");
            assertThat(snapshot.get("problem").isNull()).isTrue();
        }
    }

    @Test
    void storesThatCannotBeReadAreReportedAndTheirEntriesFollowOnceReadable() throws Exception {
        AtomicBoolean rebalancing = new AtomicBoolean(true);
        StateView view = new LockedView(new DriverView(p::driverFor, List.of(), null), lock);
        StateView moving = (StateView) Proxy.newProxyInstance(
                StateView.class.getClassLoader(), new Class<?>[] {StateView.class}, (proxy, method, args) -> {
                    if (method.getName().equals("localEntries") && rebalancing.get()) {
                        throw new InvalidStateStoreException("the store is migrating to another instance");
                    }
                    try {
                        return method.invoke(view, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        LiveOptions options = new LiveOptions(Duration.ofMillis(100), Duration.ofSeconds(5), 2, 16);
        try (ApiServer other = ApiServer.start(
                        "127.0.0.1", 0, TOKEN, moving, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), options);
                SseClient events =
                        SseClient.open("http://127.0.0.1:" + other.address().getPort() + "/events", BEARER)) {
            JsonNode snapshot = JSON.readTree(events.await("snapshot", WAIT).data());
            assertThat(snapshot.get("problem").asText()).contains("rebalancing").doesNotContain("migrating");
            assertThat(snapshot.at("/routes/upsert")).isEmpty();

            rebalancing.set(false);

            JsonNode status = JSON.readTree(events.await("status", WAIT).data());
            assertThat(status.get("problem").isNull())
                    .as("problem cleared: %s", status)
                    .isTrue();
            JsonNode update = JSON.readTree(events.await("update", WAIT).data());
            assertThat(upsert(update, "routes", "batch-h100"))
                    .as("route once readable: %s", update)
                    .isNotNull();
        }
    }

    @Test
    void thePageScriptPutsDataIntoTheDomAsTextOnly() throws Exception {
        String script;
        try (InputStream in = ApiServer.class.getResourceAsStream("/gpuarb-live/live.js")) {
            script = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertThat(script)
                .contains("textContent")
                .doesNotContain("innerHTML")
                .doesNotContain("outerHTML")
                .doesNotContain("insertAdjacentHTML")
                .doesNotContain("document.write")
                .doesNotContain("eval(");
    }
}
