package dev.gpuarb.streams.routing;

import static dev.gpuarb.streams.Fixtures.gpuInstance;
import static dev.gpuarb.streams.Fixtures.gpuPolicy;
import static dev.gpuarb.streams.Fixtures.minutes;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gpuarb.avro.GpuPriceObservation;
import dev.gpuarb.avro.PricingModel;
import dev.gpuarb.avro.RejectedRecord;
import dev.gpuarb.avro.RouteStatus;
import dev.gpuarb.avro.RouteUpdate;
import dev.gpuarb.streams.Pipeline;
import dev.gpuarb.streams.config.AppConfig;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Routes that require a minimum host reliability, through the routing topology: marketplace offers
 * below it are passed over with their own reason, offers without a score (clouds) fail closed, and
 * out-of-range scores or minimums are refused at validation.
 */
class MinReliabilityRoutingTest {

    private Pipeline p;

    @BeforeEach
    void start() throws Exception {
        p = Pipeline.start(Map.of(AppConfig.LATENCY_WINDOW_MS, "60000", AppConfig.GRACE_MS, "0"));
    }

    @AfterEach
    void stop() {
        p.close();
    }

    /** A one-GPU H100 offer at {@code usdPerHour}, scored when {@code reliability} is not null. */
    private GpuPriceObservation offer(
            String provider, String machine, double usdPerHour, Double reliability, long minute) {
        GpuPriceObservation o = gpuInstance(
                        provider, "texas-us", machine, PricingModel.MARKETPLACE, 1, usdPerHour, minutes(minute))
                .setReliability(reliability)
                .build();
        p.send(o);
        return o;
    }

    @Test
    void theCheapestOfferAtOrAboveTheMinimumIsChosenAndTheOthersSayWhy() {
        offer("vast", "machine-1-1x", 1.80, 0.999, 0);
        offer("vast", "machine-2-1x", 1.50, 0.950, 0); // cheapest marketplace offer, but below 0.98
        offer("vast", "machine-3-1x", 1.95, 0.980, 0); // exactly the minimum: eligible
        offer("aws", "p5.xlarge-ish", 1.20, null, 0); // cheapest of all, but unscored
        p.send(gpuPolicy("reliable-h100", "H100-80GB", minutes(1))
                .setMinReliability(0.98)
                .build());

        RouteUpdate u = p.routes.readValue();
        assertThat(u.getStatus()).isEqualTo(RouteStatus.ROUTED);
        assertThat(u.getChosen().getEndpoint().getProduct()).isEqualTo("machine-1-1x");
        assertThat(u.getChosen().getEffectivePrice()).isEqualTo(1.80);
        assertThat(u.getAlternatives())
                .extracting(c -> c.getEndpoint().getProduct().toString())
                .containsExactly("machine-3-1x");

        // The chosen machine's reliability drops below the minimum: the route moves on to the next one.
        offer("vast", "machine-1-1x", 1.80, 0.970, 2);
        RouteUpdate moved = p.routes.readValue();
        assertThat(moved.getChosen().getEndpoint().getProduct()).isEqualTo("machine-3-1x");
        assertThat(moved.getReason()).contains("ineligible");
    }

    @Test
    void noOfferAboveTheMinimumIsNoRouteWithBothReasons() {
        offer("vast", "machine-2-1x", 1.50, 0.950, 0);
        offer("aws", "p5.xlarge-ish", 1.20, null, 0);
        p.send(gpuPolicy("very-reliable", "H100-80GB", minutes(1))
                .setMinReliability(0.99)
                .build());

        RouteUpdate u = p.routes.readValue();
        assertThat(u.getStatus()).isEqualTo(RouteStatus.NO_ROUTE);
        assertThat(u.getReason())
                .contains("NO_ROUTE")
                .contains("1 below the minimum host reliability")
                .contains("1 without a host reliability score");
    }

    @Test
    void withoutAMinimumUnscoredOffersRouteAsBefore() {
        offer("vast", "machine-2-1x", 1.50, 0.950, 0);
        offer("aws", "p5.xlarge-ish", 1.20, null, 0);
        p.send(gpuPolicy("any-h100", "H100-80GB", minutes(1)).build());
        assertThat(p.routes.readValue().getChosen().getEndpoint().getProvider()).isEqualTo("aws");
    }

    @Test
    void scoresAndMinimumsOutsideZeroToOneAreRefused() {
        GpuPriceObservation tooHigh = gpuInstance(
                        "vast", "texas-us", "machine-9-1x", PricingModel.MARKETPLACE, 1, 1.0, minutes(0))
                .setReliability(1.3)
                .build();
        GpuPriceObservation nan = gpuInstance(
                        "vast", "texas-us", "machine-8-1x", PricingModel.MARKETPLACE, 1, 1.0, minutes(0))
                .setReliability(Double.NaN)
                .build();
        GpuPriceObservation negativeDlperf = gpuInstance(
                        "vast", "texas-us", "machine-7-1x", PricingModel.MARKETPLACE, 1, 1.0, minutes(0))
                .setReliability(0.99)
                .setDlperf(-1.0)
                .build();
        p.send(tooHigh);
        p.send(nan);
        p.send(negativeDlperf);
        p.send(gpuPolicy("bad", "H100-80GB", minutes(1)).setMinReliability(1.5).build());

        List<RejectedRecord> rejected = p.rejected.readValuesToList();
        assertThat(rejected)
                .extracting(r -> r.getReason().toString())
                .containsExactly("INVALID_RELIABILITY", "INVALID_RELIABILITY", "INVALID_DLPERF", "INVALID_POLICY");
        assertThat(rejected.get(3).getDetail()).contains("minReliability");
        assertThat(p.latestGpu(tooHigh.getOfferId())).isNull();
    }
}
