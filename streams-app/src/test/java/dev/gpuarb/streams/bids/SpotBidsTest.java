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
}
