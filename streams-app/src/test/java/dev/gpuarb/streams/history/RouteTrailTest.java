package dev.gpuarb.streams.history;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gpuarb.avro.Endpoint;
import dev.gpuarb.avro.PricingModel;
import dev.gpuarb.avro.RouteCandidate;
import dev.gpuarb.avro.RouteStatus;
import dev.gpuarb.avro.RouteUpdate;
import dev.gpuarb.avro.WorkloadKind;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class RouteTrailTest {

    private static final Instant T = Instant.parse("2026-01-01T00:00:00Z");
    private static final HistoryLimits LIMITS = new HistoryLimits(Duration.ofHours(1), 4, 3);

    private static RouteUpdate routed(String offerId, double price, int minute) {
        Endpoint endpoint = Endpoint.newBuilder()
                .setOfferId(offerId)
                .setKind(WorkloadKind.GPU_HOURS)
                .setProvider(offerId.split("\\|")[0])
                .setRegion("r1")
                .setProduct("p5")
                .setPricingModel(PricingModel.ON_DEMAND)
                .build();
        return update(
                RouteStatus.ROUTED,
                RouteCandidate.newBuilder()
                        .setEndpoint(endpoint)
                        .setEffectivePrice(price)
                        .build(),
                minute);
    }

    private static RouteUpdate update(RouteStatus status, RouteCandidate chosen, int minute) {
        return RouteUpdate.newBuilder()
                .setRouteId("r")
                .setStatus(status)
                .setChosen(chosen)
                .setAlternatives(List.of())
                .setPriceUnit("USD/GPU-hour")
                .setReason("test")
                .setDecidedAt(T.plus(Duration.ofMinutes(minute)))
                .build();
    }

    private static RouteTrail trail(RouteUpdate... updates) {
        RouteTrail trail = RouteTrail.empty("r");
        for (RouteUpdate u : updates) {
            trail = trail.with(u, LIMITS);
        }
        return trail;
    }

    @Test
    void aSwitchIsAChangeOfOfferIncludingToAndFromNoRoute() {
        RouteTrail t = trail(
                routed("a|x", 3.0, 0),
                routed("a|x", 2.5, 1),
                routed("b|y", 2.0, 2),
                update(RouteStatus.NO_ROUTE, null, 3));
        assertThat(t.points()).extracting(RouteTrail.Point::switched).containsExactly(false, false, true, true);
        RouteTrail.Point none = t.points().get(3);
        assertThat(none.status()).isEqualTo("NO_ROUTE");
        assertThat(none.price()).isNull();
        assertThat(none.offerId()).isNull();
    }

    @Test
    void keepsTheNewestPointsWithinTheHorizonAndTheCount() {
        RouteTrail t = trail(
                routed("a|x", 1, 0),
                routed("a|x", 2, 10),
                routed("a|x", 3, 20),
                routed("a|x", 4, 30),
                routed("a|x", 5, 40));
        assertThat(t.points()).extracting(RouteTrail.Point::price).containsExactly(2.0, 3.0, 4.0, 5.0);
        RouteTrail later = t.with(routed("b|y", 6, 85), LIMITS); // 85 - 60 = 25: the points at 10 and 20 fall out
        assertThat(later.points()).extracting(RouteTrail.Point::price).containsExactly(4.0, 5.0, 6.0);
        assertThat(later.points().get(0).switched())
                .as("what the first kept point switched from is gone")
                .isFalse();
        assertThat(later.points().get(2).switched()).isTrue();
    }

    @Test
    void aLateDecisionGoesInTimeOrderAndAReplayedOneChangesNothing() {
        RouteTrail t = trail(routed("a|x", 3.0, 0), routed("b|y", 2.0, 10), routed("c|z", 2.5, 5));
        assertThat(t.points()).extracting(RouteTrail.Point::price).containsExactly(3.0, 2.5, 2.0);
        assertThat(t.points()).extracting(RouteTrail.Point::switched).containsExactly(false, true, true);
        assertThat(t.with(routed("c|z", 2.5, 5), LIMITS)).isEqualTo(t);
    }

    @Test
    void theSerdeRoundTripsAndRefusesGarbage() {
        RouteTrail t = trail(routed("a|x", 3.0, 0), update(RouteStatus.NO_ROUTE, null, 1), routed("b|ü", 2.0, 2));
        RouteTrailSerde serde = new RouteTrailSerde();
        assertThat(serde.deserializer().deserialize("t", serde.serializer().serialize("t", t)))
                .isEqualTo(t);
        assertThat(serde.serializer().serialize("t", null)).isNull();
        byte[] bytes = serde.serializer().serialize("t", t);
        bytes[0] = 9;
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> serde.deserializer().deserialize("t", bytes))
                .isInstanceOf(org.apache.kafka.common.errors.SerializationException.class)
                .hasMessageContaining("route trail");
        byte[] truncated = java.util.Arrays.copyOf(serde.serializer().serialize("t", t), 20);
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> serde.deserializer().deserialize("t", truncated))
                .isInstanceOf(org.apache.kafka.common.errors.SerializationException.class);
    }
}
