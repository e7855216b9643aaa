package dev.gpuarb.streams.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gpuarb.avro.ArbitrageAlert;
import dev.gpuarb.streams.common.PricePoint;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.Test;

/** Stage 7's state: bounded records, and the same alerts as the single-record detector it replaced. */
class ArbitrageStateTest {

    private static final String GPU = "GPU_HOURS";
    private static final double THRESHOLD_PCT = 20;
    private static final long THROTTLE_MS = 30 * 60_000L;
    // "us-east-10" shares a prefix with "us-east-1": a region's scan must not see the other's offers.
    private static final String[] REGIONS = {
        "us-east-1", "us-east-10", "us-west-2", "eu-west-1", "ap-south-1", "sa-east-1"
    };

    private static PricePoint price(
            String product, String pricingModel, String region, String offerId, double usd, long at) {
        return new PricePoint(
                GPU, product, pricingModel, region, "prov-" + Math.floorMod(offerId.hashCode(), 3), offerId, usd, at);
    }

    @Test
    void everyStoredValueStaysSmallWithTwentyThousandOffersOfOneModel() throws Exception {
        Random random = new Random(7);
        int offers = 20_000;
        int alerts = 0;
        try (AlertStageDriver stage = new AlertStageDriver(THRESHOLD_PCT, THROTTLE_MS)) {
            for (int i = 0; i < offers; i++) {
                String region = REGIONS[random.nextInt(REGIONS.length)];
                double usd = 1.0 + random.nextInt(400) / 100.0;
                alerts += stage.send(price("H100-80GB", "SPOT", region, "offer-" + i, usd, 60_000L * i))
                        .size();
            }

            List<byte[]> values = new ArrayList<>();
            values.addAll(stage.serializedValues(AlertStores.OFFERS, PricePoint.class));
            values.addAll(stage.serializedValues(AlertStores.REGION_OFFERS, PricePoint.class));
            values.addAll(stage.serializedValues(AlertStores.BOARDS, RegionBoard.class));
            int largest = values.stream().mapToInt(v -> v.length).max().orElseThrow();

            assertThat(values).hasSize(2 * offers + 1); // one entry per offer in each index, one board
            assertThat(largest).isLessThan(4096);
            assertThat(alerts).isPositive();
        }
    }

    @Test
    void givesTheSameAlertsAsTheSingleRecordDetectorWhateverTheArrivalOrder() throws Exception {
        int alerts = 0;
        int stale = 0;
        for (int seed = 1; seed <= 6; seed++) {
            Random random = new Random(seed);
            List<PricePoint> prices = randomPrices(random, 600);
            for (int order = 0; order < 2; order++) {
                Collections.shuffle(prices, random);
                ReferenceDetector reference = new ReferenceDetector(THRESHOLD_PCT, THROTTLE_MS);
                try (AlertStageDriver stage = new AlertStageDriver(THRESHOLD_PCT, THROTTLE_MS)) {
                    for (PricePoint p : prices) {
                        List<ArbitrageAlert> expected = reference.onPrice(p);
                        assertThat(stage.send(p))
                                .as("alerts after %s (seed %d)", p, seed)
                                .isEqualTo(expected);
                        alerts += expected.size();
                    }
                }
                stale += staleCount(prices);
            }
        }
        // The sequences exercise what matters: alerts fire, and out-of-order prices occur.
        assertThat(alerts).isGreaterThan(100);
        assertThat(stale).isGreaterThan(100);
    }

    @Test
    void withdrawalsGiveTheSameAlertsAsTheReferenceWhateverTheArrivalOrder() throws Exception {
        int alerts = 0;
        int withdrawals = 0;
        for (int seed = 11; seed <= 14; seed++) {
            Random random = new Random(seed);
            List<PricePoint> prices = randomPrices(random, 600);
            // About one record in six is the offer's withdrawal instead of a price.
            Set<PricePoint> withdrawing = new HashSet<>();
            prices.stream().filter(p -> random.nextInt(6) == 0).forEach(withdrawing::add);
            for (int order = 0; order < 2; order++) {
                Collections.shuffle(prices, random);
                ReferenceDetector reference = new ReferenceDetector(THRESHOLD_PCT, THROTTLE_MS);
                try (AlertStageDriver stage = new AlertStageDriver(THRESHOLD_PCT, THROTTLE_MS)) {
                    for (PricePoint p : prices) {
                        if (withdrawing.contains(p)) {
                            reference.onWithdrawal(p.productKey(), p.offerId(), p.at());
                            assertThat(stage.withdraw(p))
                                    .as("a withdrawal alerts nothing")
                                    .isEmpty();
                            withdrawals++;
                        } else {
                            List<ArbitrageAlert> expected = reference.onPrice(p);
                            assertThat(stage.send(p))
                                    .as("alerts after %s (seed %d)", p, seed)
                                    .isEqualTo(expected);
                            alerts += expected.size();
                        }
                    }
                }
            }
        }
        assertThat(alerts).isGreaterThan(50);
        assertThat(withdrawals).isGreaterThan(300);
    }

    @Test
    void deadlinesGiveTheSameAlertsAsTheReferenceWhateverTheArrivalOrder() throws Exception {
        int alerts = 0;
        int changedByDeadlines = 0;
        for (int seed = 21; seed <= 24; seed++) {
            Random random = new Random(seed);
            // About half the prices hold for 5 to 120 minutes unless priced again; one in ten is a withdrawal.
            List<PricePoint> prices = new ArrayList<>();
            for (PricePoint p : randomPrices(random, 600)) {
                prices.add(random.nextBoolean() ? p : withDeadline(p, p.at() + (5 + random.nextInt(116)) * 60_000L));
            }
            Set<PricePoint> withdrawing = new HashSet<>();
            prices.stream().filter(p -> random.nextInt(10) == 0).forEach(withdrawing::add);
            for (int order = 0; order < 2; order++) {
                Collections.shuffle(prices, random);
                ReferenceDetector reference = new ReferenceDetector(THRESHOLD_PCT, THROTTLE_MS);
                ReferenceDetector withoutDeadlines = new ReferenceDetector(THRESHOLD_PCT, THROTTLE_MS);
                try (AlertStageDriver stage = new AlertStageDriver(THRESHOLD_PCT, THROTTLE_MS)) {
                    for (PricePoint p : prices) {
                        PricePoint undated = withDeadline(p, null);
                        if (withdrawing.contains(p)) {
                            reference.onWithdrawal(p.productKey(), p.offerId(), p.at());
                            withoutDeadlines.onWithdrawal(p.productKey(), p.offerId(), p.at());
                            assertThat(stage.withdraw(p)).isEmpty();
                            continue;
                        }
                        List<ArbitrageAlert> expected = reference.onPrice(p);
                        assertThat(stage.send(p))
                                .as("alerts after %s (seed %d)", p, seed)
                                .isEqualTo(expected);
                        alerts += expected.size();
                        if (!withoutDeadlines.onPrice(undated).equals(expected)) {
                            changedByDeadlines++;
                        }
                    }
                }
            }
        }
        assertThat(alerts).isGreaterThan(50);
        // Deadlines must matter in these sequences: ignoring them would alert differently.
        assertThat(changedByDeadlines).isGreaterThan(20);
    }

    private static PricePoint withDeadline(PricePoint p, Long validUntil) {
        return new PricePoint(
                p.kind(),
                p.product(),
                p.pricingModel(),
                p.region(),
                p.provider(),
                p.offerId(),
                p.price(),
                p.at(),
                validUntil);
    }

    @Test
    void anOfferThatMovesRegionNoLongerCountsForItsOldRegion() throws Exception {
        try (AlertStageDriver stage = new AlertStageDriver(THRESHOLD_PCT, 1)) {
            stage.send(price("H100-80GB", "ON_DEMAND", "us-east-1", "y", 4.0, 1));
            stage.send(price("H100-80GB", "ON_DEMAND", "us-west-2", "z", 4.0, 2));
            assertThat(stage.send(price("H100-80GB", "ON_DEMAND", "us-east-1", "x", 2.0, 3)))
                    .extracting(ArbitrageAlert::getCheapRegion)
                    .containsExactly("us-east-1");

            List<ArbitrageAlert> afterMove = stage.send(price("H100-80GB", "ON_DEMAND", "us-west-2", "x", 2.0, 4));

            assertThat(afterMove).hasSize(1);
            assertThat(afterMove.get(0).getCheapRegion()).isEqualTo("us-west-2");
            assertThat(afterMove.get(0).getCheapOfferId()).isEqualTo("x");
            assertThat(afterMove.get(0).getDearOfferId()).isEqualTo("y");
            assertThat(afterMove.get(0).getDearUsdPerGpuHour()).isEqualTo(4.0);
        }
    }

    @Test
    void stateOfTheEarlierSingleRecordStoreIsMigratedOnFirstUse() throws Exception {
        Random random = new Random(42);
        List<PricePoint> prices = randomPrices(random, 800);
        ReferenceDetector reference = new ReferenceDetector(THRESHOLD_PCT, THROTTLE_MS);
        List<PricePoint> before = prices.subList(0, 400);
        List<PricePoint> after = prices.subList(400, prices.size());
        before.forEach(reference::onPrice);
        int alerts = 0;
        try (AlertStageDriver stage = new AlertStageDriver(THRESHOLD_PCT, THROTTLE_MS)) {
            KeyValueStore<String, AlertState> legacy = stage.store(AlertStores.LEGACY_STATE);
            before.stream()
                    .map(PricePoint::productKey)
                    .distinct()
                    .forEach(key -> legacy.put(key, reference.state(key)));
            assertThat(stage.serializedValues(AlertStores.LEGACY_STATE, AlertState.class))
                    .hasSize(4);

            for (PricePoint p : after) {
                List<ArbitrageAlert> expected = reference.onPrice(p);
                assertThat(stage.send(p)).as("alerts after %s", p).isEqualTo(expected);
                alerts += expected.size();
            }
            assertThat(stage.serializedValues(AlertStores.LEGACY_STATE, AlertState.class))
                    .isEmpty();
        }
        assertThat(alerts).isPositive();
    }

    /** Prices of two GPU models and two pricing models; offers mostly stay in their region, a few move. */
    private static List<PricePoint> randomPrices(Random random, int count) {
        Map<String, String> regionOf = new HashMap<>();
        List<PricePoint> prices = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int offer = random.nextInt(40);
            String offerId = "offer|" + offer;
            String region = regionOf.computeIfAbsent(offerId, o -> REGIONS[random.nextInt(REGIONS.length)]);
            if (random.nextInt(20) == 0) {
                region = REGIONS[random.nextInt(REGIONS.length)];
                regionOf.put(offerId, region);
            }
            String product = offer % 4 < 2 ? "H100-80GB" : "A100-80GB";
            String pricingModel = offer % 2 == 0 ? "ON_DEMAND" : "SPOT";
            double usd = 1.0 + random.nextInt(12) * 0.25;
            long at = random.nextInt(8 * 60) * 60_000L;
            prices.add(price(product, pricingModel, region, offerId, usd, at));
        }
        return prices;
    }

    /** How many prices arrive after a later price of their offer (and so must change nothing). */
    private static int staleCount(List<PricePoint> prices) {
        Map<String, Long> latest = new HashMap<>();
        int stale = 0;
        for (PricePoint p : prices) {
            Long known = latest.get(p.offerId());
            if (known != null && known > p.at()) {
                stale++;
            } else {
                latest.put(p.offerId(), p.at());
            }
        }
        return stale;
    }
}
