package dev.gpuarb.streams.effect;

import static dev.gpuarb.streams.Fixtures.gpu;
import static dev.gpuarb.streams.Fixtures.minutes;
import static dev.gpuarb.streams.Fixtures.tokens;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.gpuarb.avro.GpuPriceObservation;
import dev.gpuarb.avro.PricingModel;
import dev.gpuarb.avro.RegionPriceStats;
import dev.gpuarb.avro.RegionalSpread;
import dev.gpuarb.avro.WorkloadKind;
import dev.gpuarb.streams.Pipeline;
import dev.gpuarb.streams.config.AppConfig;
import dev.gpuarb.testkit.CapturedLogs;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.KeyValue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Spreads over prices in effect. Tumbling 60-minute windows (advance = size) with 5 minutes grace keep
 * the arithmetic readable: a price holds from its time until the offer's next price, its withdrawal or
 * its validUntil; expected values are worked out by hand from that rule.
 */
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

    /** A price of another product: moves stream time without touching the spot spreads. */
    private void clockTo(long minute) {
        p.send(gpu("aws", "us-east-1", PricingModel.ON_DEMAND, 9.0, minutes(minute))
                .build());
    }

    private List<RegionalSpread> spotSpreads() {
        return p.spreads.readKeyValuesToList().stream()
                .filter(kv -> kv.key.equals(KEY))
                .map(kv -> kv.value)
                .toList();
    }

    private static RegionPriceStats region(RegionalSpread s, String region) {
        return s.getRegions().stream()
                .filter(r -> r.getRegion().equals(region))
                .findFirst()
                .orElseThrow();
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
        RegionPriceStats east = region(s, "us-east-1");
        assertThat(east.getMinPrice()).isEqualTo(4.0);
        assertThat(east.getMaxPrice()).isEqualTo(5.0);
        // 4.0 held 15 minutes (5-20), 5.0 held 40 (20-60): weighted by time, not by count.
        assertThat(east.getMeanPrice()).isCloseTo((4.0 * 15 + 5.0 * 40) / 55, within(1e-12));
        assertThat(east.getSampleCount()).as("prices in effect in the window").isEqualTo(2);
        assertThat(region(s, "us-west-2").getMeanPrice()).isEqualTo(3.0);
    }

    @Test
    void aSteadyOfferCountsInEveryWindowItIsLiveIn() {
        spot("aws", "us-east-1", 4.0, 5);
        spot("gcp", "europe-west4", 5.0, 10);
        clockTo(245); // no spot price changed for four hours

        List<RegionalSpread> out = spotSpreads();
        assertThat(out)
                .extracting(RegionalSpread::getWindowStart)
                .containsExactly(minutes(0), minutes(60), minutes(120), minutes(180));
        assertThat(out).allSatisfy(s -> {
            assertThat(s.getOfferCount()).isEqualTo(2);
            assertThat(s.getCheapestRegion()).isEqualTo("us-east-1");
            assertThat(s.getCheapestPrice()).isEqualTo(4.0);
            assertThat(s.getDearestPrice()).isEqualTo(5.0);
            assertThat(region(s, "us-east-1").getMeanPrice()).isEqualTo(4.0);
            assertThat(region(s, "us-east-1").getSampleCount())
                    .as("one price, carried in after the first")
                    .isEqualTo(1);
        });
    }

    @Test
    void aWithdrawnOfferStopsCountingAtItsWithdrawal() {
        GpuPriceObservation cheap =
                gpu("aws", "us-east-1", PricingModel.SPOT, 2.0, minutes(5)).build();
        p.send(cheap);
        spot("gcp", "europe-west4", 3.0, 5);
        p.send(GpuPriceObservation.newBuilder(cheap)
                .setObservedAt(minutes(30))
                .setWithdrawn(true)
                .build());
        clockTo(130);

        List<RegionalSpread> out = spotSpreads();
        assertThat(out).hasSize(2);
        assertThat(out.get(0).getCheapestRegion()).isEqualTo("us-east-1");
        assertThat(out.get(0).getCheapestPrice()).isEqualTo(2.0);
        assertThat(out.get(0).getOfferCount()).isEqualTo(2);
        assertThat(out.get(1).getRegions())
                .extracting(RegionPriceStats::getRegion)
                .containsExactly("europe-west4");
        assertThat(out.get(1).getCheapestPrice()).isEqualTo(3.0);
        assertThat(out.get(1).getOfferCount()).isEqualTo(1);
    }

    @Test
    void anExpiredPriceStopsCountingAtItsValidUntilAndAConfirmationBringsItBack() {
        GpuPriceObservation cheap = gpu("aws", "us-east-1", PricingModel.SPOT, 2.0, minutes(5))
                .setValidUntil(minutes(40))
                .build();
        p.send(cheap);
        spot("gcp", "europe-west4", 3.0, 5);
        clockTo(90);
        p.send(GpuPriceObservation.newBuilder(cheap)
                .setObservedAt(minutes(100))
                .setValidUntil(minutes(200))
                .build());
        clockTo(185);

        List<RegionalSpread> out = spotSpreads();
        assertThat(out)
                .extracting(RegionalSpread::getWindowStart)
                .containsExactly(minutes(0), minutes(60), minutes(120));
        // 2.0 held from 5 to its validUntil at 40 only; 3.0 the whole time.
        assertThat(region(out.get(0), "us-east-1").getMeanPrice()).isEqualTo(2.0);
        assertThat(out.get(0).getCheapestRegion()).isEqualTo("us-east-1");
        assertThat(out.get(0).getOfferCount()).isEqualTo(2);
        // Expired before the second window opened and confirmed again at 100: it counts from then on.
        assertThat(out.get(1).getCheapestRegion()).isEqualTo("us-east-1");
        assertThat(out.get(1).getOfferCount()).isEqualTo(2);
        assertThat(region(out.get(1), "us-east-1").getSampleCount()).isEqualTo(1);
        assertThat(out.get(2).getCheapestRegion()).isEqualTo("us-east-1");
    }

    @Test
    void anOutOfOrderPriceWithinGraceCorrectsTheWindowAsIfItHadComeInOrder() throws Exception {
        spot("aws", "us-east-1", 4.0, 5);
        spot("aws", "us-east-1", 6.0, 50);
        spot("aws", "us-east-1", 2.0, 30); // out of order, the window still open
        spot("gcp", "europe-west4", 3.0, 31);
        clockTo(66);
        RegionalSpread outOfOrder = spotSpreads().get(0);

        p.close();
        p = Pipeline.start(Map.of(
                AppConfig.SPREADS_WINDOW_SIZE_MS,
                "3600000",
                AppConfig.SPREADS_WINDOW_ADVANCE_MS,
                "3600000",
                AppConfig.GRACE_MS,
                "300000"));
        spot("aws", "us-east-1", 4.0, 5);
        spot("aws", "us-east-1", 2.0, 30);
        spot("gcp", "europe-west4", 3.0, 31);
        spot("aws", "us-east-1", 6.0, 50);
        clockTo(66);
        RegionalSpread inOrder = spotSpreads().get(0);

        RegionPriceStats east = region(outOfOrder, "us-east-1");
        assertThat(east.getMinPrice()).isEqualTo(2.0);
        assertThat(east.getMaxPrice()).isEqualTo(6.0);
        assertThat(east.getMeanPrice()).isCloseTo((4.0 * 25 + 2.0 * 20 + 6.0 * 10) / 55, within(1e-12));
        assertThat(east.getSampleCount()).isEqualTo(3);
        assertThat(outOfOrder).isEqualTo(inOrder);
    }

    @Test
    void aPriceAfterGraceIsCountedLateAndHoldsFromTheFirstOpenPane() {
        spot("aws", "us-east-1", 4.0, 5);
        clockTo(66); // closes [0, 60)
        spot("aws", "us-east-1", 1.0, 40); // dated in the closed window
        clockTo(126);

        List<RegionalSpread> out = spotSpreads();
        assertThat(out).hasSize(2);
        assertThat(out.get(0).getCheapestPrice()).as("what was published stays").isEqualTo(4.0);
        assertThat(region(out.get(1), "us-east-1").getMinPrice()).isEqualTo(1.0);
        assertThat(region(out.get(1), "us-east-1").getMaxPrice())
                .as("the late price replaced 4.0 from 60 on")
                .isEqualTo(1.0);
        assertThat(metric("late-price-total")).isEqualTo(1.0);
    }

    @Test
    void aRunawayOfferIsCountedOnEveryExtraPriceAndLoggedOncePerPane() {
        int extra = 25;
        int prices = OfferTimeline.MAX_STEPS + extra;
        List<String> warnings;
        try (CapturedLogs logs = CapturedLogs.project()) {
            // Every price of one offer within the first pane: one millisecond apart.
            for (int i = 0; i < prices; i++) {
                p.send(gpu(
                                "aws",
                                "us-east-1",
                                PricingModel.SPOT,
                                3.0 + (i % 2),
                                minutes(1).plusMillis(i))
                        .build());
            }
            warnings = logs.lines().stream()
                    .filter(l -> l.startsWith("WARN") && l.contains("prices within one pane"))
                    .toList();
        }

        assertThat(metric("timeline-overflow-total")).isEqualTo(extra);
        assertThat(warnings).hasSize(1);
        assertThat(warnings.get(0))
                .contains(gpu("aws", "us-east-1", PricingModel.SPOT, 3.0, minutes(1))
                        .build()
                        .getOfferId());
    }

    private double metric(String name) {
        return p.analytics.metrics().entrySet().stream()
                .filter(e -> e.getKey().name().equals(name))
                .mapToDouble(e -> ((Number) e.getValue().metricValue()).doubleValue())
                .sum();
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
        // [30, 90): one price period, which began inside the window (counted once across its two panes).
        assertThat(region(out.get(1), "us-east-1").getSampleCount()).isEqualTo(1);
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
