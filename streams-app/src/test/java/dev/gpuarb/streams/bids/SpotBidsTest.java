package dev.gpuarb.streams.bids;

import static dev.gpuarb.streams.Fixtures.T0;
import static dev.gpuarb.streams.Fixtures.gpuInstance;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.gpuarb.avro.BidAction;
import dev.gpuarb.avro.GpuPriceObservation;
import dev.gpuarb.avro.PricingModel;
import dev.gpuarb.avro.SpotBid;
import dev.gpuarb.streams.Pipeline;
import dev.gpuarb.streams.config.AppConfig;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.streams.KeyValue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** p90 of the trailing 24 h plus 5 %, USE_ON_DEMAND within 10 % of on-demand. */
class SpotBidsTest {

    private static final String SPOT_OFFER = "aws|us-east-1|use1-az1|p5.48xlarge|SPOT";
    private Pipeline p;

    @BeforeEach
    void start() throws Exception {
        p = Pipeline.start(Map.of(
                AppConfig.BIDS_PERCENTILE,
                "90",
                AppConfig.BIDS_MARGIN_PCT,
                "5",
                AppConfig.BIDS_ON_DEMAND_PROXIMITY_PCT,
                "10"));
    }

    @AfterEach
    void stop() {
        p.close();
    }

    private void spot(double usdPerHour, Duration sinceT0) {
        GpuPriceObservation o = gpuInstance(
                        "aws", "us-east-1", "p5.48xlarge", PricingModel.SPOT, 8, usdPerHour, T0.plus(sinceT0))
                .setOfferId(SPOT_OFFER)
                .setZone("use1-az1")
                .build();
        p.send(o);
    }

    private void onDemand(double usdPerHour, Duration sinceT0) {
        p.send(gpuInstance("aws", "us-east-1", "p5.48xlarge", PricingModel.ON_DEMAND, 8, usdPerHour, T0.plus(sinceT0))
                .build());
    }

    @Test
    void recommendsTheTimeWeightedPercentilePlusMarginAndBidsWhenSpotIsBelowIt() {
        spot(10, Duration.ZERO);
        SpotBid first = p.bids.readValue();
        assertThat(first.getRecommendedMaxBidUsdPerHour()).isCloseTo(10.5, within(1e-9)); // one sample: its own price
        assertThat(first.getSampleCount()).isEqualTo(1);

        spot(11, Duration.ofHours(5));
        p.bids.readValue();
        spot(9, Duration.ofHours(10));
        KeyValue<String, SpotBid> out = p.bids.readKeyValue();

        assertThat(out.key).isEqualTo(SPOT_OFFER);
        SpotBid bid = out.value;
        // 10 held 5 h, 11 held 5 h: the 90th percentile of time is 11
        assertThat(bid.getRecommendedMaxBidUsdPerHour()).isCloseTo(11 * 1.05, within(1e-9));
        assertThat(bid.getSpotUsdPerHour()).isEqualTo(9.0);
        assertThat(bid.getAction()).isEqualTo(BidAction.BID);
        assertThat(bid.getCappedAtOnDemand()).isFalse();
        assertThat(bid.getOnDemandUsdPerHour()).isNull();
        assertThat(bid.getZone()).isEqualTo("use1-az1");
        assertThat(bid.getHorizonMs()).isEqualTo(Duration.ofDays(1).toMillis());
        assertThat(bid.getAt()).isEqualTo(T0.plus(Duration.ofHours(10)));
    }

    @Test
    void spotAboveTheUsualRangeMeansHold() {
        spot(10, Duration.ZERO);
        spot(20, Duration.ofHours(9));
        spot(12, Duration.ofHours(10));

        SpotBid bid = p.bids.readValuesToList().get(2);
        assertThat(bid.getRecommendedMaxBidUsdPerHour()).isCloseTo(10.5, within(1e-9));
        assertThat(bid.getAction()).isEqualTo(BidAction.HOLD);
    }

    @Test
    void anOnDemandPriceArrivingLaterCapsTheBidAtOnce() {
        spot(10, Duration.ZERO);
        spot(11, Duration.ofHours(5));
        spot(9, Duration.ofHours(10));
        p.bids.readValuesToList();

        onDemand(11.0, Duration.ofHours(10).plusMinutes(1));
        SpotBid capped = p.bids.readValue();
        assertThat(capped.getRecommendedMaxBidUsdPerHour()).isEqualTo(11.0);
        assertThat(capped.getCappedAtOnDemand()).isTrue();
        assertThat(capped.getOnDemandUsdPerHour()).isEqualTo(11.0);
        assertThat(capped.getAction()).isEqualTo(BidAction.BID);
        assertThat(capped.getReason()).contains("capped at on-demand");
    }

    @Test
    void spotCloseToOnDemandRecommendsOnDemand() {
        onDemand(11.0, Duration.ZERO);
        spot(10.0, Duration.ofHours(1)); // within 10 % of 11

        SpotBid bid = p.bids.readValue();
        assertThat(bid.getAction()).isEqualTo(BidAction.USE_ON_DEMAND);
        assertThat(bid.getRecommendedMaxBidUsdPerHour()).isEqualTo(10.0 * 1.05);
    }

    @Test
    void pricesOlderThanTheHorizonLeaveTheDistribution() {
        spot(50, Duration.ZERO);
        spot(10, Duration.ofHours(1));
        spot(10, Duration.ofHours(30));

        SpotBid bid = p.bids.readValuesToList().get(2);
        // the 50 held for the first hour only, which is more than 24 h before the last price
        assertThat(bid.getRecommendedMaxBidUsdPerHour()).isCloseTo(10.5, within(1e-9));
        assertThat(bid.getSampleCount()).isEqualTo(1);
    }

    private void withdrawSpot(double lastUsdPerHour, Duration sinceT0) {
        p.send(gpuInstance("aws", "us-east-1", "p5.48xlarge", PricingModel.SPOT, 8, lastUsdPerHour, T0.plus(sinceT0))
                .setOfferId(SPOT_OFFER)
                .setZone("use1-az1")
                .setWithdrawn(true)
                .build());
    }

    @Test
    void aWithdrawnSpotPriceStopsCountingAndGetsNoBid() {
        spot(20, Duration.ZERO);
        spot(10, Duration.ofHours(1));
        withdrawSpot(10, Duration.ofHours(2));
        assertThat(p.bids.readValuesToList())
                .as("two prices, two bids; the withdrawal none")
                .hasSize(2);

        spot(10, Duration.ofHours(22));
        SpotBid bid = p.bids.readValue();
        // Over the last 24 h: 20 held 1 h, 10 held 1 h (not 21 h: withdrawn after one), so p90 is 20.
        assertThat(bid.getRecommendedMaxBidUsdPerHour()).isCloseTo(20 * 1.05, within(1e-9));
        assertThat(bid.getSpotUsdPerHour()).isEqualTo(10.0);
        assertThat(bid.getSampleCount())
                .as("three prices; the withdrawal is none")
                .isEqualTo(3);
    }

    @Test
    void aSpotPricePastItsValidUntilStopsCounting() {
        spot(20, Duration.ZERO);
        p.send(gpuInstance("aws", "us-east-1", "p5.48xlarge", PricingModel.SPOT, 8, 10, T0.plus(Duration.ofHours(1)))
                .setOfferId(SPOT_OFFER)
                .setZone("use1-az1")
                .setValidUntil(T0.plus(Duration.ofHours(2)))
                .build());
        spot(10, Duration.ofHours(22));

        SpotBid bid = p.bids.readValuesToList().get(2);
        // 20 held 1 h, 10 held 1 h until its deadline, then nothing until hour 22: p90 is 20.
        assertThat(bid.getRecommendedMaxBidUsdPerHour()).isCloseTo(20 * 1.05, within(1e-9));
    }

    @Test
    void anOnDemandPriceCapsOnlyWhileItHolds() {
        p.send(gpuInstance("aws", "us-east-1", "p5.48xlarge", PricingModel.ON_DEMAND, 8, 11.0, T0)
                .setValidUntil(T0.plus(Duration.ofHours(3)))
                .build());
        spot(10, Duration.ZERO);
        spot(11, Duration.ofHours(1));
        spot(9, Duration.ofHours(2));
        SpotBid capped = p.bids.readValuesToList().get(2);
        assertThat(capped.getRecommendedMaxBidUsdPerHour()).isEqualTo(11.0);
        assertThat(capped.getOnDemandUsdPerHour()).isEqualTo(11.0);

        spot(9, Duration.ofHours(4)); // past the on-demand price's deadline: nothing caps
        SpotBid uncapped = p.bids.readValue();
        assertThat(uncapped.getOnDemandUsdPerHour()).isNull();
        assertThat(uncapped.getCappedAtOnDemand()).isFalse();
        // 10 held 1 h, 11 held 1 h, 9 held 2 h: p90 is 11.
        assertThat(uncapped.getRecommendedMaxBidUsdPerHour()).isCloseTo(11 * 1.05, within(1e-9));
    }

    @Test
    void anOnDemandWithdrawalUncapsEveryBidOfTheInstanceAtOnce() {
        onDemand(11.0, Duration.ZERO);
        spot(10, Duration.ZERO);
        spot(11, Duration.ofHours(1));
        spot(9, Duration.ofHours(2));
        assertThat(p.bids.readValuesToList().get(2).getCappedAtOnDemand()).isTrue();

        p.send(gpuInstance(
                        "aws",
                        "us-east-1",
                        "p5.48xlarge",
                        PricingModel.ON_DEMAND,
                        8,
                        11.0,
                        T0.plus(Duration.ofHours(3)))
                .setWithdrawn(true)
                .build());
        SpotBid uncapped = p.bids.readValue();
        assertThat(uncapped.getOnDemandUsdPerHour()).isNull();
        assertThat(uncapped.getRecommendedMaxBidUsdPerHour()).isCloseTo(11 * 1.05, within(1e-9));

        // An on-demand price older than the withdrawal, arriving late, does not cap again.
        onDemand(11.0, Duration.ofHours(2).plusMinutes(30));
        assertThat(p.bids.isEmpty()).isTrue();
    }
}
