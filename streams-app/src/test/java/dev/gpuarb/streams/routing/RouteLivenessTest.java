package dev.gpuarb.streams.routing;

import static dev.gpuarb.streams.Fixtures.T0;
import static dev.gpuarb.streams.Fixtures.gpu;
import static dev.gpuarb.streams.Fixtures.gpuPolicy;
import static dev.gpuarb.streams.Fixtures.minutes;
import static dev.gpuarb.streams.Fixtures.request;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gpuarb.avro.GpuPriceObservation;
import dev.gpuarb.avro.PricingModel;
import dev.gpuarb.avro.RequestStatus;
import dev.gpuarb.avro.RoutePolicy;
import dev.gpuarb.avro.RouteStatus;
import dev.gpuarb.avro.RouteUpdate;
import dev.gpuarb.streams.Pipeline;
import dev.gpuarb.streams.config.AppConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Offers that stop holding: past their validUntil, withdrawn by their source, or whose source stops
 * sending; latency that goes stale; policies that require measured latency. The drivers' wall clock
 * starts at T0 (the fixtures' first event time) and moves only when a test moves it.
 */
class RouteLivenessTest {

    private static final Duration LATENCY_MAX_AGE = Duration.ofMinutes(5);
    private static final Duration GONE_RETENTION = Duration.ofMinutes(30);

    private Pipeline p;

    @BeforeEach
    void start() throws Exception {
        p = Pipeline.start(Map.of(
                AppConfig.LATENCY_WINDOW_MS,
                "60000",
                AppConfig.GRACE_MS,
                "0",
                AppConfig.ROUTING_LATENCY_MAX_AGE_MS,
                Long.toString(LATENCY_MAX_AGE.toMillis()),
                AppConfig.ROUTING_GONE_RETENTION_MS,
                Long.toString(GONE_RETENTION.toMillis())));
    }

    @AfterEach
    void stop() {
        p.close();
    }

    private static GpuPriceObservation.Builder h100(String provider, double perGpu, long minute) {
        return gpu(
                provider,
                provider.equals("lambda") ? "us-west-1" : "eastus",
                PricingModel.ON_DEMAND,
                perGpu,
                minutes(minute));
    }

    private static GpuPriceObservation withdrawal(GpuPriceObservation last, long minute) {
        return GpuPriceObservation.newBuilder(last)
                .setWithdrawn(true)
                .setObservedAt(minutes(minute))
                .setValidUntil(null)
                .build();
    }

    private RoutePolicy.Builder policy(long minute) {
        return gpuPolicy("batch-h100", "H100-80GB", minutes(minute));
    }

    /** The drivers' wall clock, which starts at T0. */
    private Instant wallClock = T0;

    /** Moves the wall clock forward to T0 plus the given time, running the checks that fall due. */
    private void wallClockAt(Duration sinceT0) {
        p.advanceWallClock(Duration.between(wallClock, T0.plus(sinceT0)));
        wallClock = T0.plus(sinceT0);
    }

    private static String chosen(RouteUpdate u) {
        return u.getChosen().getEndpoint().getProvider();
    }

    @Test
    void anOfferPastItsValidUntilStopsBeingRoutedAtItsDeadline() {
        p.send(h100("lambda", 3.0, 0).setValidUntil(minutes(10)).build());
        p.send(h100("azure", 3.5, 0).build()); // never expires
        p.send(policy(1).build());
        assertThat(chosen(p.routes.readValue())).isEqualTo("lambda");

        wallClockAt(Duration.ofMinutes(9));
        assertThat(p.routes.isEmpty()).as("still valid at 9 min").isTrue();

        wallClockAt(Duration.ofMinutes(11));
        RouteUpdate u = p.routes.readValue();
        assertThat(chosen(u)).isEqualTo("azure");
        assertThat(u.getReason()).isEqualTo("previous choice ineligible (expired (no price confirmed within its TTL))");
        assertThat(u.getDecidedAt()).as("dated when the price stopped holding").isEqualTo(minutes(10));
        assertThat(u.getPrevious().getEndpoint().getProvider()).isEqualTo("lambda");
        assertThat(p.routes.isEmpty()).isTrue();
    }

    @Test
    void aReconfirmedPriceKeepsItsRouteAndAnOlderConfirmationDoesNotShortenIt() {
        GpuPriceObservation first =
                h100("lambda", 3.0, 0).setValidUntil(minutes(10)).build();
        p.send(first);
        p.send(h100("azure", 3.5, 0).build());
        p.send(policy(1).build());
        assertThat(chosen(p.routes.readValue())).isEqualTo("lambda");

        wallClockAt(Duration.ofMinutes(8));
        p.send(GpuPriceObservation.newBuilder(first).setValidUntil(minutes(20)).build()); // same price, confirmed again
        p.send(first); // the earlier confirmation re-delivered
        wallClockAt(Duration.ofMinutes(11));
        assertThat(p.routes.isEmpty()).as("confirmed until 20 min").isTrue();

        wallClockAt(Duration.ofMinutes(21));
        RouteUpdate u = p.routes.readValue();
        assertThat(chosen(u)).isEqualTo("azure");
        assertThat(u.getDecidedAt()).isEqualTo(minutes(20));
    }

    @Test
    void aWithdrawnOfferIsReplacedAndComesBackOnlyWithANewerPrice() {
        GpuPriceObservation lambda = h100("lambda", 3.0, 0).build();
        p.send(lambda);
        p.send(h100("azure", 3.5, 0).build());
        p.send(policy(1).build());
        assertThat(chosen(p.routes.readValue())).isEqualTo("lambda");

        p.send(withdrawal(lambda, 5));
        RouteUpdate u = p.routes.readValue();
        assertThat(chosen(u)).isEqualTo("azure");
        assertThat(u.getReason()).isEqualTo("previous choice ineligible (withdrawn by its source)");
        assertThat(u.getDecidedAt()).isEqualTo(minutes(5));

        p.send(h100("lambda", 3.0, 3).build()); // older than the withdrawal: late, ignored
        assertThat(p.routes.isEmpty()).isTrue();

        p.send(h100("lambda", 3.0, 6).build()); // listed again
        RouteUpdate back = p.routes.readValue();
        assertThat(chosen(back)).isEqualTo("lambda");
        assertThat(back.getReason()).startsWith("cheaper endpoint");
    }

    @Test
    void aSourceThatStopsLeavesNoRouteThatSaysWhyAndItsOffersAreForgottenAfterTheRetention() {
        p.send(h100("lambda", 3.0, 0).setValidUntil(minutes(10)).build());
        p.send(h100("azure", 3.5, 0).setValidUntil(minutes(12)).build());
        p.send(policy(1).build());
        assertThat(chosen(p.routes.readValue())).isEqualTo("lambda");

        wallClockAt(Duration.ofMinutes(11));
        assertThat(chosen(p.routes.readValue())).isEqualTo("azure");
        wallClockAt(Duration.ofMinutes(13));
        RouteUpdate none = p.routes.readValue();
        assertThat(none.getStatus()).isEqualTo(RouteStatus.NO_ROUTE);
        assertThat(none.getReason())
                .isEqualTo(
                        "NO_ROUTE: 2 offers of GPU H100-80GB, none eligible: 2 expired (no price confirmed within its TTL)");
        assertThat(none.getDecidedAt()).isEqualTo(minutes(12));

        KeyValueStore<String, OfferSnapshot> offers = p.driver.getKeyValueStore(RouteStores.OFFERS);
        String lambdaId = h100("lambda", 3.0, 0).getOfferId();
        assertThat(offers.get(lambdaId).status()).isEqualTo(OfferSnapshot.Status.EXPIRED);
        wallClockAt(Duration.ofMinutes(10).plus(GONE_RETENTION).plusMinutes(1));
        assertThat(offers.get(lambdaId)).as("forgotten 30 min after it expired").isNull();
        assertThat(offers.get(h100("azure", 3.5, 0).getOfferId()))
                .as("expired 2 min later, kept 2 min longer")
                .isNotNull();

        p.send(h100("lambda", 2.9, 45).build());
        RouteUpdate again = p.routes.readValue();
        assertThat(chosen(again)).isEqualTo("lambda");
        assertThat(again.getReason()).isEqualTo("an endpoint became eligible: cheapest eligible endpoint");
    }

    @Test
    void aPriceThatArrivesAlreadyExpiredIsNeverRouted() {
        p.send(policy(0).build());
        assertThat(p.routes.readValue().getStatus()).isEqualTo(RouteStatus.NO_ROUTE);
        wallClockAt(Duration.ofMinutes(30));

        p.send(h100("lambda", 3.0, 5).setValidUntil(minutes(20)).build()); // e.g. read from a backlog after downtime
        assertThat(p.routes.isEmpty()).isTrue();
        p.send(h100("azure", 3.5, 25).setValidUntil(minutes(40)).build());
        assertThat(chosen(p.routes.readValue())).isEqualTo("azure");
    }

    @Test
    void latencyOlderThanTheMaximumAgeCountsAsUnknown() {
        GpuPriceObservation lambda = h100("lambda", 3.0, 0).build();
        p.send(lambda);
        p.send(h100("azure", 3.5, 0).build());
        p.send(policy(0).setMaxP99LatencyMs(200.0).build());
        assertThat(chosen(p.routes.readValue())).isEqualTo("lambda");
        for (int i = 0; i < 20; i++) {
            p.send(request(
                    lambda.getOfferId(), 400 + i, RequestStatus.OK, minutes(1).plusSeconds(i)));
        }
        p.send(request(lambda.getOfferId(), 400, RequestStatus.OK, minutes(3))); // closes [1 min, 2 min)
        assertThat(chosen(p.routes.readValue())).as("lambda over the limit").isEqualTo("azure");

        // The window ended at 2 min; at 2 min + max age it still counts, just after it no longer does.
        wallClockAt(Duration.ofMinutes(2).plus(LATENCY_MAX_AGE));
        assertThat(p.routes.isEmpty()).isTrue();
        wallClockAt(Duration.ofMinutes(2).plus(LATENCY_MAX_AGE).plusSeconds(2));
        RouteUpdate u = p.routes.readValue();
        assertThat(chosen(u)).isEqualTo("lambda");
        assertThat(u.getChosen().getP99LatencyMs()).as("unknown now").isNull();
        assertThat(u.getDecidedAt()).isEqualTo(minutes(2).plus(LATENCY_MAX_AGE));
    }

    @Test
    void aPolicyRequiringMeasuredLatencyRoutesOnlyToMeasuredEndpoints() {
        GpuPriceObservation azure = h100("azure", 3.5, 0).build();
        p.send(h100("lambda", 3.0, 0).build()); // cheaper, never measured
        p.send(azure);
        for (int i = 0; i < 10; i++) {
            p.send(request(
                    azure.getOfferId(), 100 + i, RequestStatus.OK, minutes(1).plusSeconds(i)));
        }
        p.send(request(azure.getOfferId(), 100, RequestStatus.OK, minutes(3)));
        p.send(policy(3).setRequireMeasuredLatency(true).build());
        RouteUpdate u = p.routes.readValue();
        assertThat(chosen(u)).isEqualTo("azure");
        assertThat(u.getChosen().getP99LatencyMs()).isNotNull();

        wallClockAt(Duration.ofMinutes(2).plus(LATENCY_MAX_AGE).plusSeconds(2));
        RouteUpdate none = p.routes.readValue();
        assertThat(none.getStatus()).isEqualTo(RouteStatus.NO_ROUTE);
        assertThat(none.getReason())
                .isEqualTo(
                        "NO_ROUTE: 2 offers of GPU H100-80GB, none eligible: 2 without a recent latency measurement");
    }
}
