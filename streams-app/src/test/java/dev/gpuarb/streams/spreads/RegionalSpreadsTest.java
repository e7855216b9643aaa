package dev.gpuarb.streams.spreads;

import static dev.gpuarb.streams.Fixtures.gpu;
import static dev.gpuarb.streams.Fixtures.minutes;
import static dev.gpuarb.streams.Fixtures.tokens;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.gpuarb.avro.PricingModel;
import dev.gpuarb.avro.RegionPriceStats;
import dev.gpuarb.avro.RegionalSpread;
import dev.gpuarb.avro.WorkloadKind;
import dev.gpuarb.streams.AppConfig;
import dev.gpuarb.streams.Pipeline;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.KeyValue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Tumbling 60-minute windows (advance = size) with 5 minutes grace keep the arithmetic readable. */
class RegionalSpreadsTest {

    private static final String KEY = "GPU_HOURS|H100-80GB|SPOT";
    private Pipeline p;

    @BeforeEach
    void start() throws Exception {
        p = Pipeline.start(Map.of(
                AppConfig.SPREADS_WINDOW_SIZE_MS, "3600000",
                AppConfig.SPREADS_WINDOW_ADVANCE_MS, "3600000",
                AppConfig.GRACE_MS, "300000"));
    }

    @AfterEach
    void stop() {
        p.close();
    }

    private void spot(String provider, String region, double price, long minute) {
        p.send(gpu(provider, region, PricingModel.SPOT, price, minutes(minute)).build());
    }

    @Test
    void emitsOncePerWindowOnlyAfterTheWindowClosesWithGrace() {
        spot("aws", "us-east-1", 4.0, 5);
        spot("aws", "us-west-2", 3.0, 10);
        spot("aws", "us-east-1", 5.0, 20);
        spot("aws", "us-east-1", 6.0, 64); // next window; stream time 64 < 60 + 5
        assertThat(p.spreads.isEmpty()).isTrue();

        spot("aws", "us-west-2", 3.0, 65); // stream time reaches end + grace: the first window closes
        List<KeyValue<String, RegionalSpread>> out = p.spreads.readKeyValuesToList();
        assertThat(out).hasSize(1);
        assertThat(out.get(0).key).isEqualTo(KEY);
        RegionalSpread s = out.get(0).value;
        assertThat(s.getKind()).isEqualTo(WorkloadKind.GPU_HOURS);
        assertThat(s.getWindowStart()).isEqualTo(minutes(0));
        assertThat(s.getWindowEnd()).isEqualTo(minutes(60));
        assertThat(s.getCheapestRegion()).isEqualTo("us-west-2");
        assertThat(s.getCheapestPrice()).isEqualTo(3.0);
        assertThat(s.getDearestRegion()).isEqualTo("us-east-1");
        assertThat(s.getDearestPrice()).isEqualTo(4.0);
        assertThat(s.getSpreadPct()).isCloseTo(33.333, within(0.001));
        assertThat(s.getOfferCount()).isEqualTo(2);
        RegionPriceStats east = s.getRegions().stream().filter(r -> r.getRegion().equals("us-east-1")).findFirst().orElseThrow();
        assertThat(east.getMinPrice()).isEqualTo(4.0);
        assertThat(east.getMaxPrice()).isEqualTo(5.0);
        assertThat(east.getMeanPrice()).isEqualTo(4.5);
        assertThat(east.getSampleCount()).isEqualTo(2);
    }

    @Test
    void lateRecordWithinGraceCountsAndBeyondGraceIsDropped() {
        spot("aws", "us-east-1", 4.0, 5);
        spot("aws", "us-east-1", 4.0, 62);
        spot("aws", "eu-west-1", 2.0, 30); // out of order, inside grace: belongs to the first window
        spot("aws", "us-east-1", 4.0, 66); // closes the first window
        spot("aws", "ap-south-1", 1.0, 40); // too late: the first window is closed

        List<RegionalSpread> out = p.spreads.readValuesToList();
        assertThat(out).hasSize(1);
        assertThat(out.get(0).getCheapestRegion()).isEqualTo("eu-west-1");
        assertThat(out.get(0).getRegions()).extracting(RegionPriceStats::getRegion)
                .containsExactlyInAnyOrder("eu-west-1", "us-east-1");
    }

    @Test
    void equalPricesPickTheAlphabeticallyFirstRegionForBothEnds() {
        spot("aws", "us-west-2", 3.0, 1);
        spot("aws", "eu-west-1", 3.0, 2);
        spot("aws", "ap-south-1", 3.0, 2);
        spot("aws", "ap-south-1", 3.0, 70);

        RegionalSpread s = p.spreads.readValue();
        assertThat(s.getCheapestRegion()).isEqualTo("ap-south-1");
        assertThat(s.getDearestRegion()).isEqualTo("ap-south-1");
        assertThat(s.getSpreadPct()).isZero();
    }

    @Test
    void hoppingWindowsEmitEveryAdvance() throws Exception {
        p.close();
        p = Pipeline.start(Map.of(
                AppConfig.SPREADS_WINDOW_SIZE_MS, "3600000",
                AppConfig.SPREADS_WINDOW_ADVANCE_MS, "1800000",
                AppConfig.GRACE_MS, "0"));
        spot("aws", "us-east-1", 4.0, 40);
        spot("aws", "us-west-2", 2.0, 95);

        // windows [0,60) and [30,90) hold the first price only; both closed by stream time 95
        List<RegionalSpread> out = p.spreads.readValuesToList();
        assertThat(out).extracting(RegionalSpread::getWindowStart).containsExactly(minutes(0), minutes(30));
        assertThat(out).allSatisfy(s -> assertThat(s.getOfferCount()).isEqualTo(1));
    }

    @Test
    void tokenSpreadsUseTheBlendedPriceAndGlobalRegion() {
        p.send(tokens("openai", "gpt-4o", null, 2.5, 10.0, minutes(1)).build());
        p.send(tokens("azure", "gpt-4o", "eastus", 5.0, 15.0, minutes(2)).build());
        p.send(tokens("azure", "gpt-4o", "eastus", 5.0, 15.0, minutes(80)).build());

        KeyValue<String, RegionalSpread> out = p.spreads.readKeyValue();
        assertThat(out.key).isEqualTo("TOKENS|gpt-4o|");
        assertThat(out.value.getPricingModel()).isNull();
        assertThat(out.value.getCheapestRegion()).isEqualTo("global");
        assertThat(out.value.getCheapestPrice()).isCloseTo((3 * 2.5 + 10) / 4, within(1e-9));
        assertThat(out.value.getDearestPrice()).isCloseTo((3 * 5.0 + 15) / 4, within(1e-9));
    }
}
