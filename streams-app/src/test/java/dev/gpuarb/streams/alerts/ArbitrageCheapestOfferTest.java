package dev.gpuarb.streams.alerts;

import static dev.gpuarb.streams.Fixtures.gpu;
import static dev.gpuarb.streams.Fixtures.minutes;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gpuarb.avro.ArbitrageAlert;
import dev.gpuarb.avro.PricingModel;
import dev.gpuarb.streams.Pipeline;
import dev.gpuarb.streams.config.AppConfig;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The cheapest offer per region through the production topology, as prices move and arrive late. */
class ArbitrageCheapestOfferTest {

    private Pipeline p;

    @BeforeEach
    void start() throws Exception {
        p = Pipeline.start(Map.of(AppConfig.ALERTS_THRESHOLD_PCT, "20", AppConfig.ALERTS_THROTTLE_MS, "3600000"));
    }

    @AfterEach
    void stop() {
        p.close();
    }

    private void price(String provider, String region, double perGpu, long minute) {
        p.send(gpu(provider, region, PricingModel.ON_DEMAND, perGpu, minutes(minute))
                .build());
    }

    @Test
    void whenARegionsCheapestOfferGetsDearerItsNextCheapestTakesOver() {
        price("aws", "us-east-1", 4.0, 0);
        price("lambda", "us-east-1", 4.4, 1);
        price("aws", "us-west-2", 3.0, 2);
        assertThat(p.alerts.readValue().getDearUsdPerGpuHour()).isEqualTo(4.0);

        price("aws", "us-east-1", 5.0, 70); // no longer the east's cheapest: lambda at 4.4 is

        ArbitrageAlert a = p.alerts.readValue();
        assertThat(a.getDearRegion()).isEqualTo("us-east-1");
        assertThat(a.getDearProvider()).isEqualTo("lambda");
        assertThat(a.getDearUsdPerGpuHour()).isEqualTo(4.4);
        assertThat(a.getCheapUsdPerGpuHour()).isEqualTo(3.0);

        price("aws", "us-west-2", 3.9, 140); // the west's only offer got dearer: 11 % below the east
        assertThat(p.alerts.isEmpty()).isTrue();
    }

    @Test
    void anOlderPriceNeverBecomesARegionsCheapest() {
        price("aws", "us-east-1", 4.0, 10);
        price("aws", "us-west-2", 3.9, 10);
        price("aws", "us-west-2", 1.0, 5); // older than the offer's known price
        price("lambda", "us-east-1", 4.2, 20); // checks the east/west pair again
        assertThat(p.alerts.isEmpty()).isTrue();

        price("aws", "us-west-2", 3.0, 30);
        ArbitrageAlert a = p.alerts.readValue();
        assertThat(a.getCheapUsdPerGpuHour()).isEqualTo(3.0);
        assertThat(a.getDearUsdPerGpuHour()).isEqualTo(4.0);
    }
}
