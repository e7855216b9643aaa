package dev.gpuarb.streams.alerts;

import static dev.gpuarb.streams.Fixtures.gpu;
import static dev.gpuarb.streams.Fixtures.minutes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.gpuarb.avro.ArbitrageAlert;
import dev.gpuarb.avro.PricingModel;
import dev.gpuarb.streams.Pipeline;
import dev.gpuarb.streams.config.AppConfig;
import java.util.Map;
import org.apache.kafka.streams.KeyValue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ArbitrageAlertsTest {

    private Pipeline p;

    @BeforeEach
    void start() throws Exception {
        p = Pipeline.start(Map.of(AppConfig.ALERTS_THRESHOLD_PCT, "20", AppConfig.ALERTS_THROTTLE_MS, "3600000"));
    }

    @AfterEach
    void stop() {
        p.close();
    }

    private void price(String provider, String region, PricingModel pm, double perGpu, long minute) {
        p.send(gpu(provider, region, pm, perGpu, minutes(minute)).build());
    }

    @Test
    void alertsWhenOneRegionIsAtLeastTheThresholdCheaper() {
        price("aws", "us-east-1", PricingModel.ON_DEMAND, 4.0, 0);
        price("aws", "us-west-2", PricingModel.ON_DEMAND, 3.5, 1); // 12.5 %: below the threshold
        assertThat(p.alerts.isEmpty()).isTrue();

        price("aws", "us-west-2", PricingModel.ON_DEMAND, 3.0, 2); // 25 %
        KeyValue<String, ArbitrageAlert> out = p.alerts.readKeyValue();
        assertThat(out.key).isEqualTo("H100-80GB|ON_DEMAND|us-west-2|us-east-1");
        ArbitrageAlert a = out.value;
        assertThat(a.getCheapUsdPerGpuHour()).isEqualTo(3.0);
        assertThat(a.getDearUsdPerGpuHour()).isEqualTo(4.0);
        assertThat(a.getSpreadPct()).isCloseTo(25.0, within(1e-9));
        assertThat(a.getThresholdPct()).isEqualTo(20.0);
        assertThat(a.getAlertId()).isEqualTo(out.key + "@" + minutes(2).toEpochMilli());
        assertThat(a.getAt()).isEqualTo(minutes(2));
    }

    @Test
    void aPairAlertsAtMostOncePerThrottlePeriod() {
        price("aws", "us-east-1", PricingModel.ON_DEMAND, 4.0, 0);
        price("aws", "us-west-2", PricingModel.ON_DEMAND, 3.0, 1);
        price("aws", "us-west-2", PricingModel.ON_DEMAND, 2.9, 10);
        price("aws", "us-west-2", PricingModel.ON_DEMAND, 2.8, 61);

        assertThat(p.alerts.readValuesToList())
                .extracting(ArbitrageAlert::getAt)
                .containsExactly(minutes(1), minutes(61));
    }

    @Test
    void comparesOnlyTheSamePricingModelAndTheCheapestOfferPerRegion() {
        price("aws", "us-east-1", PricingModel.ON_DEMAND, 4.0, 0);
        price("aws", "us-west-2", PricingModel.SPOT, 1.0, 1);
        assertThat(p.alerts.isEmpty()).isTrue();

        price("lambda", "us-east-1", PricingModel.ON_DEMAND, 2.0, 2); // the east is now the cheap side
        price("aws", "eu-west-1", PricingModel.ON_DEMAND, 3.0, 3);
        ArbitrageAlert a = p.alerts.readValue();
        assertThat(a.getCheapRegion()).isEqualTo("us-east-1");
        assertThat(a.getCheapProvider()).isEqualTo("lambda");
        assertThat(a.getDearRegion()).isEqualTo("eu-west-1");
        assertThat(p.alerts.isEmpty()).isTrue();
    }

    @Test
    void anOutOfOrderOlderPriceIsIgnored() {
        price("aws", "us-east-1", PricingModel.ON_DEMAND, 4.0, 10);
        price("aws", "us-west-2", PricingModel.ON_DEMAND, 3.9, 10);
        price("aws", "us-west-2", PricingModel.ON_DEMAND, 1.0, 5);

        assertThat(p.alerts.isEmpty()).isTrue();
    }

    private void withdraw(String provider, String region, PricingModel pm, double lastPerGpu, long minute) {
        p.send(gpu(provider, region, pm, lastPerGpu, minutes(minute))
                .setWithdrawn(true)
                .build());
    }

    @Test
    void aWithdrawnOfferIsNoLongerItsRegionsCheapest() {
        price("aws", "us-east-1", PricingModel.ON_DEMAND, 4.0, 0);
        price("aws", "us-west-2", PricingModel.ON_DEMAND, 3.0, 1); // 25 %: alerts
        price("lambda", "us-west-2", PricingModel.ON_DEMAND, 3.8, 2); // not the west's cheapest: nothing
        assertThat(p.alerts.readValuesToList())
                .extracting(ArbitrageAlert::getCheapOfferId)
                .containsExactly("aws|us-west-2||p5.48xlarge|ON_DEMAND");

        withdraw("aws", "us-west-2", PricingModel.ON_DEMAND, 3.0, 70);
        // After the throttle period the east moves: the west's cheapest is lambda's 3.8 now (5 %), no alert.
        price("aws", "us-east-1", PricingModel.ON_DEMAND, 4.0, 80);
        assertThat(p.alerts.isEmpty())
                .as("the withdrawn 3.0 must not alert again")
                .isTrue();

        // A price older than the withdrawal, arriving late, does not list the offer again.
        price("aws", "us-west-2", PricingModel.ON_DEMAND, 3.0, 65);
        price("aws", "us-east-1", PricingModel.ON_DEMAND, 4.1, 90);
        assertThat(p.alerts.isEmpty()).isTrue();

        // A newer price does: the pair alerts again (the throttle period since the first alert has passed).
        price("aws", "us-west-2", PricingModel.ON_DEMAND, 3.0, 95);
        ArbitrageAlert again = p.alerts.readValue();
        assertThat(again.getCheapUsdPerGpuHour()).isEqualTo(3.0);
        assertThat(again.getDearUsdPerGpuHour()).isEqualTo(4.1);
        assertThat(again.getAt()).isEqualTo(minutes(95));
    }

    @Test
    void aRegionWhoseOnlyOfferIsWithdrawnLeavesTheComparison() {
        price("aws", "us-east-1", PricingModel.ON_DEMAND, 4.0, 0);
        price("aws", "eu-west-1", PricingModel.ON_DEMAND, 2.0, 1); // 50 %: alerts
        assertThat(p.alerts.readValuesToList()).hasSize(1);

        withdraw("aws", "eu-west-1", PricingModel.ON_DEMAND, 2.0, 5);
        price(
                "aws",
                "us-west-2",
                PricingModel.ON_DEMAND,
                3.9,
                120); // 2.5 % below the east; the withdrawn 2.0 would be 49 %
        assertThat(p.alerts.isEmpty()).isTrue();
    }

    private void priceUntil(String provider, String region, double perGpu, long minute, long untilMinute) {
        p.send(gpu(provider, region, PricingModel.ON_DEMAND, perGpu, minutes(minute))
                .setValidUntil(minutes(untilMinute))
                .build());
    }

    @Test
    void anOfferPastItsValidUntilIsNoLongerItsRegionsCheapest() {
        price("aws", "us-east-1", PricingModel.ON_DEMAND, 4.0, 0);
        priceUntil("aws", "us-west-2", 3.0, 1, 30); // 25 %: alerts
        price("lambda", "us-west-2", PricingModel.ON_DEMAND, 3.8, 2);
        assertThat(p.alerts.readValuesToList())
                .extracting(ArbitrageAlert::getCheapOfferId)
                .containsExactly("aws|us-west-2||p5.48xlarge|ON_DEMAND");

        // Past the throttle period and past the 3.0's deadline: the west's price in effect is lambda's 3.8 (5 %).
        price("aws", "us-east-1", PricingModel.ON_DEMAND, 4.0, 80);
        assertThat(p.alerts.isEmpty())
                .as("the expired 3.0 must not alert again")
                .isTrue();

        // The source confirms the offer again: it holds once more, and the pair alerts.
        priceUntil("aws", "us-west-2", 3.0, 85, 120);
        ArbitrageAlert again = p.alerts.readValue();
        assertThat(again.getCheapOfferId()).isEqualTo("aws|us-west-2||p5.48xlarge|ON_DEMAND");
        assertThat(again.getDearUsdPerGpuHour()).isEqualTo(4.0);
        assertThat(again.getAt()).isEqualTo(minutes(85));
    }

    @Test
    void aRegionWhoseOffersAllExpiredLeavesTheComparison() {
        price("aws", "us-east-1", PricingModel.ON_DEMAND, 4.0, 0);
        priceUntil("aws", "eu-west-1", 2.0, 1, 10); // 50 %: alerts
        assertThat(p.alerts.readValuesToList()).hasSize(1);

        // 2.5 % below the east; the expired 2.0 would be 49 % below it.
        price("aws", "us-west-2", PricingModel.ON_DEMAND, 3.9, 120);
        assertThat(p.alerts.isEmpty()).isTrue();

        // Listed again, the 2.0 alerts against both regions.
        priceUntil("aws", "eu-west-1", 2.0, 130, 200);
        assertThat(p.alerts.readValuesToList())
                .extracting(ArbitrageAlert::getDearRegion)
                .containsExactlyInAnyOrder("us-east-1", "us-west-2");
    }
}
