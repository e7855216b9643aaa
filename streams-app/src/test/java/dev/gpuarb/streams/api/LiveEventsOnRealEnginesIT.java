package dev.gpuarb.streams.api;

import static dev.gpuarb.streams.Fixtures.gpu;
import static dev.gpuarb.streams.Fixtures.gpuPolicy;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gpuarb.avro.GpuPriceObservation;
import dev.gpuarb.avro.PricingModel;
import dev.gpuarb.avro.RoutePolicy;
import dev.gpuarb.testkit.Engines;
import dev.gpuarb.testkit.RealEngines;
import dev.gpuarb.topics.Topic;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The live event stream of the running application on a real broker and registry: route decisions the
 * pipeline makes from produced prices and a policy reach a connected page, first as state, then as a
 * change with its time and reason.
 */
@ExtendWith(RealEngines.class)
class LiveEventsOnRealEnginesIT {

    private static final String TOKEN = "live-test-token";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void routeDecisionsOfThePipelineReachTheEventStreamAsTheyHappen(Engines engines) throws Exception {
        // Recent event times: records far in the past would fall to the topics' time-based retention.
        Instant t = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(3));
        try (LivePipeline app = new LivePipeline(engines.registryUrl(), dir, TOKEN)) {
            send(app, gpu("lambda", "us-west-1", PricingModel.ON_DEMAND, 3.0, t).build());
            RoutePolicy policy = gpuPolicy("train-h100", "H100-80GB", t.plusSeconds(60))
                    .setPricingModels(List.of(PricingModel.ON_DEMAND))
                    .build();
            app.send(Topic.ROUTE_POLICIES, policy.getRouteId(), policy, policy.getUpdatedAt());

            try (SseClient events = SseClient.open(app.url("/events?token=" + TOKEN), Map.of())) {
                assertThat(events.status()).isEqualTo(200);
                // Connected while the pipeline may still be deciding: the route comes in the snapshot or in an update.
                SseClient.Event first =
                        events.await(e -> chosenProvider(e, "train-h100").equals("lambda"), Duration.ofMinutes(3));
                // "new policy" or "an endpoint became eligible": policy and price reach the route engine in either
                // order.
                assertThat(route(first, "train-h100").get("reason").asText()).endsWith(": cheapest eligible endpoint");

                Instant cheaperAt = t.plusSeconds(120);
                send(
                        app,
                        gpu("gcp", "us-central1", PricingModel.ON_DEMAND, 2.2, cheaperAt)
                                .build());

                SseClient.Event update = events.await(
                        e -> e.type().equals("update")
                                && chosenProvider(e, "train-h100").equals("gcp"),
                        Duration.ofMinutes(2));
                JsonNode route = route(update, "train-h100");
                assertThat(route.at("/chosen/endpoint/region").asText()).isEqualTo("us-central1");
                assertThat(route.get("decidedAt").asText()).isEqualTo(cheaperAt.toString());
                assertThat(route.get("reason").asText())
                        .startsWith("cheaper endpoint: 26.67% below the current choice");
                assertThat(route.at("/previous/endpoint/provider").asText()).isEqualTo("lambda");
                assertThat(route.get("savingPct").asDouble()).isCloseTo(26.667, within(0.01));
                assertThat(JSON.readTree(update.data()).get("state").asText()).isEqualTo("RUNNING");
            }
        }
    }

    private static void send(LivePipeline app, GpuPriceObservation price) {
        app.send(Topic.GPU_PRICES, price.getOfferId(), price, price.getObservedAt());
    }

    /** The route's value in a snapshot or update event, or null when the event does not carry it. */
    private static JsonNode route(SseClient.Event event, String routeId) {
        try {
            for (JsonNode item : JSON.readTree(event.data()).at("/routes/upsert")) {
                if (item.get("key").asText().equals(routeId)) {
                    return item.get("value");
                }
            }
            return null;
        } catch (IOException e) {
            throw new AssertionError("event data is not JSON: " + event, e);
        }
    }

    private static String chosenProvider(SseClient.Event event, String routeId) {
        if (!event.type().equals("snapshot") && !event.type().equals("update")) {
            return "";
        }
        JsonNode route = route(event, routeId);
        return route == null ? "" : route.at("/chosen/endpoint/provider").asText();
    }
}
