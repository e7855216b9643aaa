package dev.gpuarb.streams.validate;

import static dev.gpuarb.streams.Fixtures.gpu;
import static dev.gpuarb.streams.Fixtures.gpuPolicy;
import static dev.gpuarb.streams.Fixtures.minutes;
import static dev.gpuarb.streams.Fixtures.tokenPolicy;
import static dev.gpuarb.streams.Fixtures.tokens;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gpuarb.avro.GpuPriceObservation;
import dev.gpuarb.avro.PricingModel;
import dev.gpuarb.avro.RejectedRecord;
import dev.gpuarb.avro.RoutePolicy;
import dev.gpuarb.avro.RouteStatus;
import dev.gpuarb.avro.RouteUpdate;
import dev.gpuarb.avro.SelfHostPolicy;
import dev.gpuarb.streams.Pipeline;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Inputs a careless or hostile producer can write straight to the input topics: prices dated in
 * the future, prices too small to be real, policies whose numbers would disable the route engine's
 * filters. Each is refused to prices.rejected with a reason and never reaches a decision.
 */
class HostileInputTest {

    /** The default skew (gpuarb.validate.max.future.skew.ms), restated here on purpose. */
    private static final Duration SKEW = Duration.ofMinutes(5);

    private Pipeline p;

    @BeforeEach
    void start() throws Exception {
        p = Pipeline.start();
    }

    @AfterEach
    void stop() {
        p.close();
    }

    private GpuPriceObservation latestGpu(String offerId) {
        return p.latestGpu(offerId);
    }

    @Test
    void aPriceDatedHoursAheadIsRejectedAndItsRecordsStayWithinTheBrokersLimit() {
        Instant before = Instant.now();
        GpuPriceObservation future = gpu("aws", "us-east-1", PricingModel.SPOT, 2.0, before.plus(Duration.ofHours(3)))
                .build();
        p.send(future);

        TestRecord<String, RejectedRecord> reject = p.rejected.readRecord();
        assertThat(reject.value().getReason()).isEqualTo("FUTURE_TIMESTAMP");
        assertThat(reject.value().getDetail()).contains("ahead of the clock");
        // Stamped no later than now + skew, which every broker accepts (1 h by default).
        assertThat(reject.getRecordTime()).isBefore(Instant.now().plus(SKEW).plusSeconds(1));
        assertThat(latestGpu(future.getOfferId())).isNull();
    }

    @Test
    void aPriceWithinTheSkewIsAccepted() {
        GpuPriceObservation soon = gpu(
                        "aws",
                        "us-east-1",
                        PricingModel.SPOT,
                        2.0,
                        Instant.now().plus(Duration.ofMinutes(1)))
                .build();
        p.send(soon);

        assertThat(p.rejected.isEmpty()).isTrue();
        assertThat(latestGpu(soon.getOfferId())).isNotNull();
    }

    @Test
    void aVanishinglySmallTokenPriceIsRefusedNotRouted() {
        p.send(tokenPolicy("chat", "llama-3-70b", minutes(0)).build());
        p.send(tokens("cheat", "llama-3-70b", null, 1e-300, 1e-300, minutes(1)).build());
        p.send(tokens("honest", "llama-3-70b", null, 0.5, 0.9, minutes(2)).build());

        assertThat(p.rejected.readValue().getReason()).isEqualTo("ABSURD_PRICE");
        List<RouteUpdate> updates = p.routes.readValuesToList();
        RouteUpdate last = updates.get(updates.size() - 1);
        assertThat(last.getStatus()).isEqualTo(RouteStatus.ROUTED);
        assertThat(last.getChosen().getEndpoint().getProvider()).isEqualTo("honest");
    }

    @Test
    void policiesThatWouldDisableTheEngineAreRefusedAndTheRouteSaysSo() {
        List<String> regions = IntStream.range(0, 10_000).mapToObj(i -> "r" + i).toList();
        List<RoutePolicy> bad = List.of(
                gpuPolicy("nan-ceiling", "H100-80GB", minutes(0))
                        .setMaxPrice(Double.NaN)
                        .build(),
                gpuPolicy("nan-hysteresis", "H100-80GB", minutes(0))
                        .setHysteresisPct(Double.NaN)
                        .build(),
                gpuPolicy("huge-ratio", "H100-80GB", minutes(0))
                        .setInputOutputRatio(1e308)
                        .build(),
                gpuPolicy("many-regions", "H100-80GB", minutes(0))
                        .setAllowedRegions(new ArrayList<>(regions))
                        .build(),
                gpuPolicy("from-the-future", "H100-80GB", Instant.now().plus(Duration.ofDays(2)))
                        .build(),
                tokenPolicy("nan-speed", "llama-3.1-8b-instruct", minutes(0))
                        .setSelfHost(SelfHostPolicy.newBuilder()
                                .setMinOutputTokensPerSecond(Double.NaN)
                                .build())
                        .build());
        for (RoutePolicy policy : bad) {
            p.send(policy);
        }

        List<RejectedRecord> rejects = p.rejected.readValuesToList();
        assertThat(rejects)
                .hasSize(bad.size())
                .allSatisfy(r -> assertThat(r.getReason()).isEqualTo("INVALID_POLICY"));
        assertThat(rejects.get(0).getDetail()).contains("maxPrice");
        assertThat(rejects.get(1).getDetail()).contains("hysteresisPct");
        assertThat(rejects.get(2).getDetail()).contains("inputOutputRatio");
        assertThat(rejects.get(3).getDetail()).contains("allowedRegions");
        assertThat(rejects.get(4).getDetail()).contains("updatedAt");
        assertThat(rejects.get(5).getDetail()).contains("selfHost.minOutputTokensPerSecond");

        List<RouteUpdate> updates = p.routes.readValuesToList();
        assertThat(updates)
                .extracting(RouteUpdate::getRouteId)
                .containsExactly(
                        "nan-ceiling", "nan-hysteresis", "huge-ratio", "many-regions", "from-the-future", "nan-speed");
        assertThat(updates).allSatisfy(u -> {
            assertThat(u.getStatus()).isEqualTo(RouteStatus.NO_ROUTE);
            assertThat(u.getReason()).startsWith("policy refused: ");
        });
    }

    @Test
    void aRefusedPolicyStopsARoutedRouteAndAGoodOneRestartsIt() {
        p.send(gpu("aws", "us-east-1", PricingModel.ON_DEMAND, 3.0, minutes(0)).build());
        p.send(gpuPolicy("train", "H100-80GB", minutes(1)).build());
        assertThat(p.routes.readValue().getStatus()).isEqualTo(RouteStatus.ROUTED);

        p.send(gpuPolicy("train", "H100-80GB", minutes(2))
                .setMaxPrice(Double.NaN)
                .build());
        RouteUpdate refused = p.routes.readValue();
        assertThat(refused.getStatus()).isEqualTo(RouteStatus.NO_ROUTE);
        assertThat(refused.getReason()).contains("maxPrice");
        assertThat(refused.getPrevious().getEndpoint().getProvider()).isEqualTo("aws");

        p.send(gpuPolicy("train", "H100-80GB", minutes(3)).setMaxPrice(10.0).build());
        RouteUpdate again = p.routes.readValue();
        assertThat(again.getStatus()).isEqualTo(RouteStatus.ROUTED);
        assertThat(again.getChosen().getEndpoint().getProvider()).isEqualTo("aws");
        assertThat(Collections.frequency(
                        p.rejected.readValuesToList().stream()
                                .map(RejectedRecord::getReason)
                                .toList(),
                        "INVALID_POLICY"))
                .isEqualTo(1);
    }
}
