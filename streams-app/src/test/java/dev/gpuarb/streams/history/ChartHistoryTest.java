package dev.gpuarb.streams.history;

import static dev.gpuarb.streams.Fixtures.gpu;
import static dev.gpuarb.streams.Fixtures.gpuPolicy;
import static dev.gpuarb.streams.Fixtures.minutes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.gpuarb.avro.PricingModel;
import dev.gpuarb.avro.RouteUpdate;
import dev.gpuarb.streams.Pipeline;
import dev.gpuarb.streams.config.AppConfig;
import dev.gpuarb.topics.Topic;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.state.KeyValueStore;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The live page's chart data on the production topologies: route updates written by routing become
 * each route's trail in analytics, and closed GPU spread windows the cheapest price per region.
 * Tumbling hourly spread windows with 5 minutes grace keep the windows readable.
 */
class ChartHistoryTest {

    private Pipeline p;

    @BeforeEach
    void start() throws Exception {
        p = Pipeline.start(Map.of(
                AppConfig.SPREADS_WINDOW_SIZE_MS,
                "3600000",
                AppConfig.SPREADS_WINDOW_ADVANCE_MS,
                "3600000",
                AppConfig.GRACE_MS,
                "300000",
                AppConfig.HISTORY_MAX_REGIONS,
                "2"));
    }

    @AfterEach
    void stop() {
        p.close();
    }

    /** What routing wrote to routes.updates, carried into analytics as the broker would. */
    private List<KeyValue<String, RouteUpdate>> carryRouteUpdates() {
        TestInputTopic<String, RouteUpdate> in = p.analytics.createInputTopic(
                Topic.ROUTE_UPDATES.topicName(),
                p.serdes.key().serializer(),
                p.serdes.routeUpdate().serializer());
        List<KeyValue<String, RouteUpdate>> updates = p.routes.readKeyValuesToList();
        updates.forEach(kv -> in.pipeInput(kv.key, kv.value, kv.value.getDecidedAt()));
        return updates;
    }

    @Test
    void aRouteTrailHoldsEachDecisionWithItsSwitchesMarked() {
        p.send(gpu("lambda", "us-west-1", PricingModel.ON_DEMAND, 3.0, minutes(0))
                .build());
        p.send(gpuPolicy("batch", "H100-80GB", minutes(1))
                .setPricingModels(List.of(PricingModel.ON_DEMAND))
                .build());
        p.send(gpu("lambda", "us-west-1", PricingModel.ON_DEMAND, 2.8, minutes(10))
                .build()); // same offer, cheaper
        p.send(gpu("gcp", "us-central1", PricingModel.ON_DEMAND, 2.2, minutes(20))
                .build()); // another offer wins
        p.send(gpu("gcp", "us-central1", PricingModel.ON_DEMAND, 3.5, minutes(30))
                .build()); // and loses to lambda again
        List<KeyValue<String, RouteUpdate>> updates = carryRouteUpdates();
        assertThat(updates)
                .extracting(kv -> kv.value.getChosen().getEndpoint().getProvider())
                .startsWith("lambda")
                .containsSubsequence("lambda", "gcp", "lambda");

        KeyValueStore<String, RouteTrail> trails = p.analytics.getKeyValueStore(HistoryStage.ROUTE_TRAILS_STORE);
        RouteTrail trail = trails.get("batch");
        assertThat(trail.routeId()).isEqualTo("batch");
        assertThat(trail.priceUnit()).isEqualTo(updates.get(0).value.getPriceUnit());
        // Every update is a point, in order; a switch wherever the offer differs from the update before.
        List<Tuple> expected = new ArrayList<>();
        String previousOffer = null;
        for (KeyValue<String, RouteUpdate> kv : updates) {
            String offer = kv.value.getChosen().getEndpoint().getOfferId();
            expected.add(tuple(
                    kv.value.getDecidedAt(),
                    kv.value.getChosen().getEffectivePrice(),
                    kv.value.getChosen().getEndpoint().getProvider(),
                    previousOffer != null && !previousOffer.equals(offer)));
            previousOffer = offer;
        }
        assertThat(trail.points())
                .extracting(
                        RouteTrail.Point::at,
                        RouteTrail.Point::price,
                        RouteTrail.Point::provider,
                        RouteTrail.Point::switched)
                .containsExactlyElementsOf(expected);
        assertThat(trail.points())
                .filteredOn(RouteTrail.Point::switched)
                .extracting(RouteTrail.Point::provider)
                .containsExactly("gcp", "lambda");
    }

    @Test
    void spreadHistoryKeepsTheCheapestRegionsOfEachClosedWindow() {
        p.send(gpu("aws", "us-east-1", PricingModel.ON_DEMAND, 4.0, minutes(5)).build());
        p.send(gpu("lambda", "us-east-1", PricingModel.ON_DEMAND, 3.1, minutes(6))
                .build()); // cheaper in the same region
        p.send(gpu("azure", "eastus", PricingModel.ON_DEMAND, 3.5, minutes(7)).build());
        p.send(gpu("aws", "eu-west-1", PricingModel.ON_DEMAND, 5.0, minutes(8))
                .build()); // dearest: beyond max.regions = 2
        p.send(gpu("aws", "us-east-1", PricingModel.ON_DEMAND, 3.9, minutes(70)).build()); // closes the first hour
        p.send(gpu("azure", "eastus", PricingModel.ON_DEMAND, 3.4, minutes(80)).build());
        p.send(gpu("aws", "us-east-1", PricingModel.ON_DEMAND, 3.9, minutes(130))
                .build()); // closes the second

        KeyValueStore<String, SpreadHistory> history = p.analytics.getKeyValueStore(HistoryStage.SPREAD_HISTORY_STORE);
        SpreadHistory h100 = history.get("GPU_HOURS|H100-80GB|ON_DEMAND");
        assertThat(h100.product()).isEqualTo("H100-80GB");
        assertThat(h100.pricingModel()).isEqualTo("ON_DEMAND");
        assertThat(h100.windows())
                .extracting(SpreadHistory.Window::start, SpreadHistory.Window::end)
                .containsExactly(tuple(minutes(0), minutes(60)), tuple(minutes(60), minutes(120)));
        assertThat(h100.windows().get(0).regions())
                .containsExactly(
                        new SpreadHistory.RegionPrice("us-east-1", "lambda", 3.1),
                        new SpreadHistory.RegionPrice("eastus", "azure", 3.5));
        // Prices hold until replaced: lambda's 3.10 is still in effect in the second hour, azure's 3.50
        // until 80 and 3.40 after.
        assertThat(h100.windows().get(1).regions())
                .containsExactly(
                        new SpreadHistory.RegionPrice("us-east-1", "lambda", 3.1),
                        new SpreadHistory.RegionPrice("eastus", "azure", 3.4));
    }
}
