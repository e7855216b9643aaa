package dev.gpuarb.streams.routing;

import static dev.gpuarb.streams.Fixtures.gpu;
import static dev.gpuarb.streams.Fixtures.gpuPolicy;
import static dev.gpuarb.streams.Fixtures.minutes;
import static dev.gpuarb.streams.Fixtures.request;
import static dev.gpuarb.streams.Fixtures.tokenPolicy;
import static dev.gpuarb.streams.Fixtures.tokens;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.gpuarb.avro.GpuPriceObservation;
import dev.gpuarb.avro.PricingModel;
import dev.gpuarb.avro.RequestStatus;
import dev.gpuarb.avro.RouteCandidate;
import dev.gpuarb.avro.RoutePolicy;
import dev.gpuarb.avro.RouteStatus;
import dev.gpuarb.avro.RouteUpdate;
import dev.gpuarb.streams.Pipeline;
import dev.gpuarb.streams.config.AppConfig;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RouteEngineTest {

    private Pipeline p;

    @BeforeEach
    void start() throws Exception {
        p = Pipeline.start(Map.of(AppConfig.LATENCY_WINDOW_MS, "60000", AppConfig.GRACE_MS, "0"));
    }

    @AfterEach
    void stop() {
        p.close();
    }

    private GpuPriceObservation h100(String provider, String region, double perGpu, long minute) {
        GpuPriceObservation o = gpu(provider, region, PricingModel.ON_DEMAND, perGpu, minutes(minute))
                .build();
        p.send(o);
        return o;
    }

    private static String chosenProvider(RouteUpdate u) {
        return u.getChosen().getEndpoint().getProvider();
    }

    private RoutePolicy.Builder batchH100(long minute) {
        return gpuPolicy("batch-h100", "H100-80GB", minutes(minute));
    }

    @Test
    void aNewPolicyIsRoutedAtOnceToTheCheapestEligibleEndpoint() {
        h100("aws", "us-east-1", 4.0, 0);
        h100("lambda", "us-west-1", 3.0, 1);
        h100("azure", "eastus", 3.5, 2);
        p.send(batchH100(3).build());

        TestRecord<String, RouteUpdate> out = p.routes.readRecord();
        assertThat(out.key()).isEqualTo("batch-h100");
        RouteUpdate u = out.value();
        assertThat(u.getStatus()).isEqualTo(RouteStatus.ROUTED);
        assertThat(chosenProvider(u)).isEqualTo("lambda");
        assertThat(u.getChosen().getEffectivePrice()).isEqualTo(3.0);
        assertThat(u.getAlternatives())
                .extracting(c -> c.getEndpoint().getProvider())
                .containsExactly("azure", "aws");
        assertThat(u.getReason()).contains("new policy");
        assertThat(u.getPrevious()).isNull();
        assertThat(u.getPriceUnit()).isEqualTo("USD/GPU-hour");
        assertThat(u.getDecidedAt()).isEqualTo(minutes(3));
        assertThat(p.routes.isEmpty()).isTrue();
    }

    @Test
    void noRouteExplainsWhyAndAnEndpointThatBecomesEligibleIsRouted() {
        h100("aws", "us-east-1", 4.0, 0);
        p.send(batchH100(1).setMaxPrice(3.0).build());
        p.send(gpuPolicy("b200", "B200", minutes(1)).build());

        List<RouteUpdate> first = p.routes.readValuesToList();
        assertThat(first).extracting(RouteUpdate::getStatus).containsOnly(RouteStatus.NO_ROUTE);
        assertThat(first.get(0).getChosen()).isNull();
        assertThat(first.get(0).getReason()).contains("NO_ROUTE").contains("1 over the maximum price");
        assertThat(first.get(1).getReason()).contains("no offers of GPU B200");

        h100("aws", "us-east-1", 3.9, 2); // still too dear: no update while NO_ROUTE stays NO_ROUTE
        assertThat(p.routes.isEmpty()).isTrue();

        h100("lambda", "us-west-1", 2.5, 3);
        RouteUpdate routed = p.routes.readValue();
        assertThat(routed.getStatus()).isEqualTo(RouteStatus.ROUTED);
        assertThat(chosenProvider(routed)).isEqualTo("lambda");
        assertThat(routed.getReason()).contains("became eligible");
    }

    @Test
    void hysteresisKeepsTheChoiceUntilTheSavingIsLargeEnough() {
        h100("lambda", "us-west-1", 3.0, 0);
        p.send(batchH100(1).setHysteresisPct(10).build());
        p.routes.readValue();

        h100("aws", "us-east-1", 2.8, 2); // 6.7 % cheaper
        assertThat(p.routes.isEmpty()).isTrue();

        h100("aws", "us-east-1", 2.6, 3); // 13.3 % cheaper
        RouteUpdate u = p.routes.readValue();
        assertThat(chosenProvider(u)).isEqualTo("aws");
        assertThat(u.getPrevious().getEndpoint().getProvider()).isEqualTo("lambda");
        assertThat(u.getSavingPerUnit()).isCloseTo(0.4, within(1e-9));
        assertThat(u.getSavingPct()).isCloseTo(13.333, within(0.001));
        assertThat(u.getReason()).contains("cheaper endpoint").contains("hysteresis 10.00%");
    }

    @Test
    void minimumDwellDelaysAPriceDrivenSwitch() {
        h100("lambda", "us-west-1", 3.0, 0);
        p.send(batchH100(0).setMinDwellMs(30 * 60_000L).build());
        p.routes.readValue();

        h100("aws", "us-east-1", 2.0, 10);
        assertThat(p.routes.isEmpty()).isTrue();

        h100("azure", "eastus", 5.0, 31); // any later input re-decides once the dwell has passed
        RouteUpdate u = p.routes.readValue();
        assertThat(chosenProvider(u)).isEqualTo("aws");
        assertThat(u.getDecidedAt()).isEqualTo(minutes(31));
    }

    @Test
    void anIneligibleChoiceIsReplacedEvenDuringDwell() {
        h100("lambda", "us-west-1", 3.0, 0);
        h100("azure", "eastus", 3.5, 0);
        p.send(batchH100(0).setMaxPrice(4.0).setMinDwellMs(3_600_000L).build());
        p.routes.readValue();

        h100("lambda", "us-west-1", 9.0, 5);
        RouteUpdate u = p.routes.readValue();
        assertThat(chosenProvider(u)).isEqualTo("azure");
        assertThat(u.getReason()).contains("previous choice ineligible").contains("maximum price");
        assertThat(u.getPrevious().getEffectivePrice()).isEqualTo(9.0);
        assertThat(u.getSavingPerUnit()).isCloseTo(5.5, within(1e-9));
    }

    @Test
    void aPolicyUpdateIsEvaluatedAtOnceAndARedeliveryChangesNothing() {
        h100("lambda", "us-west-1", 3.0, 0);
        h100("azure", "eastus", 3.5, 0);
        RoutePolicy original = batchH100(0).setMinDwellMs(3_600_000L).build();
        p.send(original);
        p.routes.readValue();

        p.send(original);
        assertThat(p.routes.isEmpty()).isTrue();

        p.send(RoutePolicy.newBuilder(original)
                .setExcludedProviders(List.of("lambda"))
                .setUpdatedAt(minutes(1))
                .build());
        RouteUpdate u = p.routes.readValue();
        assertThat(chosenProvider(u)).isEqualTo("azure");
        assertThat(u.getReason()).contains("from a provider not allowed");
        assertThat(u.getSavingPerUnit()).isCloseTo(-0.5, within(1e-9)); // forced to a dearer endpoint
        assertThat(u.getDecidedAt()).isEqualTo(minutes(1));
    }

    @Test
    void anEndpointOverTheLatencySlaIsNotEligible() {
        GpuPriceObservation lambda = h100("lambda", "us-west-1", 3.0, 0);
        h100("azure", "eastus", 3.5, 0);
        p.send(batchH100(0).setMaxP99LatencyMs(200.0).build());
        assertThat(chosenProvider(p.routes.readValue())).isEqualTo("lambda");

        for (int i = 0; i < 50; i++) {
            p.send(request(
                    lambda.getOfferId(), 400 + i, RequestStatus.OK, minutes(1).plusSeconds(i)));
        }
        p.send(request(lambda.getOfferId(), 400, RequestStatus.OK, minutes(3))); // closes the window [1 min, 2 min)

        RouteUpdate u = p.routes.readValue();
        assertThat(chosenProvider(u)).isEqualTo("azure");
        assertThat(u.getReason()).contains("p99 latency");
        assertThat(u.getPrevious().getP99LatencyMs()).isGreaterThan(400.0);
    }

    @Test
    void equalPricesAreBrokenByOfferIdAndNeverCauseAFlap() {
        h100("lambda", "us-west-1", 3.0, 0);
        h100("aws", "us-east-1", 3.0, 0);
        p.send(batchH100(0).build());
        assertThat(chosenProvider(p.routes.readValue())).isEqualTo("aws");

        h100("lambda", "us-west-1", 3.0, 5);
        h100("aws", "us-east-1", 3.0, 6);
        assertThat(p.routes.isEmpty()).isTrue();
    }

    @Test
    void tokenRoutesPriceEndpointsWithThePolicysTokenMix() {
        p.send(tokens("alpha", "llama-3.1-70b", null, 1.0, 10.0, minutes(0)).build());
        p.send(tokens("beta", "llama-3.1-70b", null, 3.0, 4.0, minutes(0)).build());
        p.send(tokenPolicy("chat", "llama-3.1-70b", minutes(1))
                .setInputOutputRatio(1.0)
                .build());
        p.send(tokenPolicy("rag", "llama-3.1-70b", minutes(1))
                .setInputOutputRatio(10.0)
                .build());

        Map<String, RouteUpdate> byRoute = p.routes.readKeyValuesToMap();
        RouteCandidate chat = byRoute.get("chat").getChosen();
        assertThat(chat.getEndpoint().getProvider()).isEqualTo("beta");
        assertThat(chat.getEffectivePrice()).isCloseTo(3.5, within(1e-9));
        assertThat(byRoute.get("chat").getPriceUnit()).contains("blended 1:1");
        assertThat(byRoute.get("rag").getChosen().getEndpoint().getProvider()).isEqualTo("alpha");
        assertThat(byRoute.get("rag").getChosen().getEffectivePrice()).isCloseTo(20.0 / 11, within(1e-9));
    }

    @Test
    void deletingAPolicyTombstonesItsRoute() {
        h100("lambda", "us-west-1", 3.0, 0);
        p.send(batchH100(0).build());
        p.routes.readValue();

        p.policies.pipeInput("batch-h100", null, minutes(2));
        TestRecord<String, RouteUpdate> out = p.routes.readRecord();
        assertThat(out.key()).isEqualTo("batch-h100");
        assertThat(out.value()).isNull();

        h100("lambda", "us-west-1", 1.0, 3);
        assertThat(p.routes.isEmpty()).isTrue();
    }
}
