package dev.gpuarb.streams.alerts;

import static dev.gpuarb.streams.Fixtures.gpu;
import static dev.gpuarb.streams.Fixtures.minutes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.gpuarb.avro.ArbitrageAlert;
import dev.gpuarb.avro.PricingModel;
import dev.gpuarb.streams.AppConfig;
import dev.gpuarb.streams.Pipeline;
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

        assertThat(p.alerts.readValuesToList()).extracting(ArbitrageAlert::getAt).containsExactly(minutes(1), minutes(61));
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
}
