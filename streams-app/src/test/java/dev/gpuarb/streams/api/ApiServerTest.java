package dev.gpuarb.streams.api;

import static dev.gpuarb.streams.Fixtures.gpu;
import static dev.gpuarb.streams.Fixtures.gpuPolicy;
import static dev.gpuarb.streams.Fixtures.minutes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gpuarb.avro.PricingModel;
import dev.gpuarb.streams.Pipeline;
import dev.gpuarb.streams.api.resources.Resource;
import dev.gpuarb.streams.config.StreamsApp;
import dev.gpuarb.topics.Topic;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ApiServerTest {

    private static final String TOKEN = "s3cret";
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();
    private Pipeline p;
    private ApiServer api;
    private PrometheusMeterRegistry metrics;

    @BeforeEach
    void start() throws Exception {
        p = Pipeline.start();
        p.send(gpu("lambda", "us-west-1", PricingModel.ON_DEMAND, 3.0, minutes(0))
                .build());
        p.send(gpu("aws", "us-east-1", PricingModel.SPOT, 2.0, minutes(0)).build());
        p.send(gpu("aws", "us-east-1", PricingModel.ON_DEMAND, 4.0, minutes(0))
                .setGpuModel("A100-80GB")
                .build());
        p.send(gpuPolicy("batch-h100", "H100-80GB", minutes(1))
                .setPricingModels(List.of(PricingModel.ON_DEMAND))
                .build());
        metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        api = ApiServer.start("127.0.0.1", 0, TOKEN, new DriverView(p::driverFor, List.of(), null), metrics);
    }

    @AfterEach
    void stop() {
        api.close();
        p.close();
    }

    private HttpResponse<String> get(ApiServer server, String pathAndQuery, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + server.address().getPort() + pathAndQuery))
                .GET();
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode getJson(String pathAndQuery) throws Exception {
        HttpResponse<String> response = get(api, pathAndQuery, TOKEN);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).contains("application/json");
        return JSON.readTree(response.body());
    }

    @Test
    void currentRoutesAreServedAsPlainJson() throws Exception {
        JsonNode routes = getJson("/routes");

        assertThat(routes).hasSize(1);
        JsonNode route = routes.get(0);
        assertThat(route.get("routeId").asText()).isEqualTo("batch-h100");
        assertThat(route.get("status").asText()).isEqualTo("ROUTED");
        assertThat(route.at("/chosen/endpoint/provider").asText()).isEqualTo("lambda");
        assertThat(route.get("decidedAt").asText()).isEqualTo(minutes(1).toString());
    }

    @Test
    void routeTrailsAreServedAsPlainJson() throws Exception {
        // Routing's updates reach analytics through routes.updates, as the broker would carry them.
        var in = p.analytics.createInputTopic(
                Topic.ROUTE_UPDATES.topicName(),
                p.serdes.key().serializer(),
                p.serdes.routeUpdate().serializer());
        p.routes.readKeyValuesToList().forEach(kv -> in.pipeInput(kv.key, kv.value, kv.value.getDecidedAt()));

        JsonNode trail = getJson("/route-trails/batch-h100");
        assertThat(trail.get("routeId").asText()).isEqualTo("batch-h100");
        assertThat(trail.get("priceUnit").asText()).isEqualTo("USD/GPU-hour");
        JsonNode point = trail.get("points").get(0);
        assertThat(point.get("at").asText()).isEqualTo(minutes(1).toString());
        assertThat(point.get("status").asText()).isEqualTo("ROUTED");
        assertThat(point.get("price").asDouble()).isEqualTo(3.0);
        assertThat(point.get("provider").asText()).isEqualTo("lambda");
        assertThat(point.get("switched").asBoolean()).isFalse();
        assertThat(getJson("/route-trails?routeId=batch-h100")).hasSize(1);
        assertThat(getJson("/spread-history")).as("no spread window has closed").isEmpty();
    }

    @Test
    void offersAreFilteredByGpuModelAndBidsFoundByKey() throws Exception {
        assertThat(getJson("/offers?gpuModel=H100-80GB")).hasSize(2);
        assertThat(getJson("/offers?gpuModel=a100-80gb")).hasSize(1);
        assertThat(getJson("/offers?gpuModel=H100-80GB&pricingModel=SPOT")).hasSize(1);

        String spotOffer = URLEncoder.encode("aws|us-east-1||p5.48xlarge|SPOT", StandardCharsets.UTF_8);
        JsonNode bid = getJson("/bids/" + spotOffer);
        assertThat(bid.get("action").asText()).isEqualTo("BID");
        assertThat(bid.get("recommendedMaxBidUsdPerHour").asDouble()).isCloseTo(16.8, within(1e-9));
        assertThat(bid.get("onDemandUsdPerHour").asDouble()).isEqualTo(32.0);
        assertThat(get(api, "/bids/nothing", TOKEN).statusCode()).isEqualTo(404);
    }

    @Test
    void everythingButHealthNeedsTheBearerToken() throws Exception {
        assertThat(get(api, "/health", null).statusCode()).isEqualTo(200);
        assertThat(get(api, "/routes", null).statusCode()).isEqualTo(401);
        assertThat(get(api, "/routes", "wrong").statusCode()).isEqualTo(401);
        assertThat(get(api, "/metrics", null).statusCode()).isEqualTo(401);
        assertThat(get(api, "/nowhere", TOKEN).statusCode()).isEqualTo(404);
        HttpResponse<String> post = http.send(
                HttpRequest.newBuilder(
                                URI.create("http://127.0.0.1:" + api.address().getPort() + "/routes"))
                        .POST(HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(post.statusCode()).isEqualTo(405);
    }

    @Test
    void metricsArePrometheusText() throws Exception {
        get(api, "/routes", TOKEN);
        HttpResponse<String> response = get(api, "/metrics", TOKEN);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
        assertThat(response.body()).contains("gpuarb_api_requests_total{resource=\"routes\",status=\"200\"} 1.0");
    }

    @Test
    void listsGatherOtherInstancesAndSingleKeysGoToTheirOwner() throws Exception {
        String first = "127.0.0.1:" + api.address().getPort();
        try (ApiServer empty =
                ApiServer.start("127.0.0.1", 0, TOKEN, new DriverView(null, List.of(first), first), metrics)) {
            HttpResponse<String> list = get(empty, "/offers?gpuModel=H100-80GB", TOKEN);
            assertThat(JSON.readTree(list.body())).hasSize(2);

            HttpResponse<String> single = get(empty, "/routes/batch-h100", TOKEN);
            assertThat(single.statusCode()).isEqualTo(200);
            assertThat(JSON.readTree(single.body()).get("routeId").asText()).isEqualTo("batch-h100");
        }
    }

    @Test
    void sourcesSummariseTheLatestOffersOfEveryInstance() throws Exception {
        assertThat(get(api, "/sources", null).statusCode()).isEqualTo(401);
        JsonNode sources = getJson("/sources");
        long offers = 0;
        for (JsonNode s : sources) {
            offers += s.get("offers").asLong();
            assertThat(s.get("newestObservedAt").asText()).isEqualTo(minutes(0).toString());
        }
        assertThat(offers).as(sources.toString()).isEqualTo(3);

        String first = "127.0.0.1:" + api.address().getPort();
        try (ApiServer empty =
                ApiServer.start("127.0.0.1", 0, TOKEN, new DriverView(null, List.of(first), first), metrics)) {
            JsonNode gathered = JSON.readTree(get(empty, "/sources", TOKEN).body());
            assertThat(gathered).isEqualTo(sources);
            assertThat(JSON.readTree(get(empty, "/sources?local=true", TOKEN).body()))
                    .isEmpty();
        }
    }

    @Test
    void aResourceOfAnApplicationThisProcessDoesNotRunIsRefusedWithWhereToAsk() throws Exception {
        StateView all = new DriverView(p::driverFor, List.of(), null);
        StateView routingOnly = new StateView() {
            @Override
            public boolean serves(String store) {
                return Resource.ALL.stream().anyMatch(r -> r.store().equals(store) && r.app() == StreamsApp.ROUTING);
            }

            @Override
            public java.util.Map<String, Object> localEntries(String store) {
                return all.localEntries(store);
            }

            @Override
            public java.util.Optional<Object> localGet(String store, String key) {
                return all.localGet(store, key);
            }

            @Override
            public List<String> otherInstances(String store) {
                return all.otherInstances(store);
            }

            @Override
            public java.util.Optional<String> remoteOwner(String store, String key) {
                return all.remoteOwner(store, key);
            }

            @Override
            public String state() {
                return all.state();
            }

            @Override
            public boolean healthy() {
                return all.healthy();
            }
        };
        try (ApiServer routing = ApiServer.start("127.0.0.1", 0, TOKEN, routingOnly, metrics)) {
            assertThat(get(routing, "/routes", TOKEN).statusCode()).isEqualTo(200);
            HttpResponse<String> spreads = get(routing, "/spreads", TOKEN);
            assertThat(spreads.statusCode()).isEqualTo(404);
            assertThat(JSON.readTree(spreads.body()).get("error").asText())
                    .contains("analytics application", "gpuarb.apps");
            assertThat(get(routing, "/bids/some-offer", TOKEN).statusCode()).isEqualTo(404);
        }
    }
}
