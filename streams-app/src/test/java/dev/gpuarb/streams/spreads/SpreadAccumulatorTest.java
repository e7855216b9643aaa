package dev.gpuarb.streams.spreads;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.gpuarb.avro.RegionalSpread;
import dev.gpuarb.streams.common.JsonSerde;
import dev.gpuarb.streams.common.Keys;
import dev.gpuarb.streams.common.PricePoint;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import java.util.TreeSet;
import org.assertj.core.data.Percentage;
import org.junit.jupiter.api.Test;

class SpreadAccumulatorTest {

    private static final JsonSerde<SpreadAccumulator> SERDE = JsonSerde.of(SpreadAccumulator.class);
    private static final String[] REGIONS = {"us-east-1", "us-west-2", "eu-west-1", "ap-south-1", "sa-east-1"};
    private static final String[] PROVIDERS = {"aws", "gcp", "azure"};
    private static final long WINDOW_START = 1_717_372_800_000L;

    static PricePoint point(int offer, double price) {
        String region = REGIONS[offer % REGIONS.length];
        String provider = PROVIDERS[offer % PROVIDERS.length];
        return new PricePoint("GPU_HOURS", "H100-80GB", "SPOT", region, provider,
                Keys.join(provider, region, "", "p5.48xlarge-" + offer, "SPOT"), price, WINDOW_START + offer);
    }

    /** Prices with many significant bits, so a double sum would depend on the order of addition. */
    static List<PricePoint> points(int distinctOffers, int observations, long seed) {
        Random random = new Random(seed);
        List<PricePoint> points = new ArrayList<>();
        for (int i = 0; i < observations; i++) {
            points.add(point(i % distinctOffers, 0.5 + 10 * random.nextDouble()));
        }
        return points;
    }

    static SpreadAccumulator aggregate(List<PricePoint> points) {
        SpreadAccumulator acc = SpreadAccumulator.empty();
        for (PricePoint p : points) {
            acc = acc.add(p);
        }
        return acc;
    }

    private static byte[] json(SpreadAccumulator acc) {
        return SERDE.serializer().serialize("spreads-windows-changelog", acc);
    }

    private static RegionalSpread spread(SpreadAccumulator acc) {
        return SpreadCalculator.toSpread(acc, WINDOW_START, WINDOW_START + 3_600_000);
    }

    @Test
    void stateAndSpreadDoNotDependOnArrivalOrder() {
        List<PricePoint> points = points(2 * DistinctOffers.EXACT_LIMIT, 3 * DistinctOffers.EXACT_LIMIT, 7);
        SpreadAccumulator inOrder = aggregate(points);
        List<PricePoint> shuffled = new ArrayList<>(points);
        Collections.shuffle(shuffled, new Random(11));
        SpreadAccumulator reordered = aggregate(shuffled);

        assertThat(json(reordered)).isEqualTo(json(inOrder));
        assertThat(spread(reordered)).isEqualTo(spread(inOrder));
    }

    @Test
    void countsDistinctOffersExactlyForSmallWindows() {
        List<PricePoint> points = points(37, 500, 3);
        SpreadAccumulator acc = aggregate(points);
        RegionalSpread s = spread(acc);
        assertThat(s.getOfferCount()).isEqualTo(37);
        assertThat(s.getRegions()).hasSize(15); // 37 offers cover every region x provider pair (5 x 3 coprime)
        assertThat(s.getRegions().stream().mapToInt(r -> r.getSampleCount()).sum()).isEqualTo(500);
        double mean = points.stream().filter(p -> p.region().equals("us-east-1") && p.provider().equals("aws"))
                .mapToDouble(PricePoint::price).average().orElseThrow();
        double reported = s.getRegions().stream()
                .filter(r -> r.getRegion().equals("us-east-1") && r.getProvider().equals("aws"))
                .findFirst().orElseThrow().getMeanPrice();
        assertThat(reported).isCloseTo(mean, within(1e-12));
    }

    @Test
    void addingLeavesTheEarlierAggregateAsItWas() {
        SpreadAccumulator one = aggregate(points(1, 1, 5));
        byte[] before = json(one);
        SpreadAccumulator two = one.add(point(1, 3.0));
        assertThat(json(one)).isEqualTo(before);
        assertThat(one.offerCount()).isEqualTo(1);
        assertThat(two.offerCount()).isEqualTo(2);
    }

    @Test
    void roundTripsThroughTheJsonState() {
        SpreadAccumulator acc = aggregate(points(300, 900, 9));
        assertThat(SERDE.deserializer().deserialize("t", json(acc))).isEqualTo(acc);
    }

    @Test
    void stateStaysFarBelowTheRecordLimitAt100kDistinctOffers() {
        int offers = 100_000;
        SpreadAccumulator acc = aggregate(points(offers, offers, 13));
        byte[] json = json(acc);
        // base64 of the largest sketch, plus the per region/provider statistics
        assertThat(json.length).isLessThan(4 * DistinctOffers.MAX_SERIALIZED_BYTES / 3 + 8 * 1024);
        assertThat(json.length).isLessThan(1024 * 1024 / 16);
        assertThat((double) spread(acc).getOfferCount()).isCloseTo(offers, Percentage.withPercentage(5));
    }

    /** The aggregate as it was written before the sketch: every offer id, and a double sum. */
    record LegacyStats(String region, String provider, double min, double max, double sum, int count) {
    }

    record LegacySpreadAccumulator(String kind, String product, String pricingModel,
                                   TreeMap<String, LegacyStats> byRegionProvider, TreeSet<String> offerIds) {
    }

    static LegacySpreadAccumulator legacy(List<PricePoint> points) {
        TreeMap<String, LegacyStats> stats = new TreeMap<>();
        TreeSet<String> ids = new TreeSet<>();
        PricePoint last = points.get(points.size() - 1);
        for (PricePoint p : points) {
            stats.merge(Keys.join(p.region(), p.provider()),
                    new LegacyStats(p.region(), p.provider(), p.price(), p.price(), p.price(), 1),
                    (a, b) -> new LegacyStats(a.region(), a.provider(), Math.min(a.min(), b.min()), Math.max(a.max(), b.max()),
                            a.sum() + b.sum(), a.count() + 1));
            ids.add(p.offerId());
        }
        return new LegacySpreadAccumulator(last.kind(), last.product(), last.pricingModel(), stats, ids);
    }

    @Test
    void readsStateWrittenInTheOldFormatWithOfferIds() throws Exception {
        // Prices in quarters add up exactly as doubles, so the old and the new sum agree to the bit.
        List<PricePoint> points = new ArrayList<>();
        for (int i = 0; i < 1200; i++) {
            points.add(point(i % 450, 1 + (i % 40) / 4.0));
        }
        byte[] oldState = JsonSerde.MAPPER.writeValueAsBytes(legacy(points));
        assertThat(new String(oldState, java.nio.charset.StandardCharsets.UTF_8)).contains("\"offerIds\":[");

        SpreadAccumulator upgraded = SERDE.deserializer().deserialize("spreads-windows-changelog", oldState);
        SpreadAccumulator fresh = aggregate(points);
        assertThat(upgraded.offers()).isEqualTo(fresh.offers());
        assertThat(upgraded.offerCount()).isEqualTo(450);
        assertThat(spread(upgraded)).isEqualTo(spread(fresh));

        // and the aggregate goes on from there as if it had always been a sketch
        PricePoint next = point(450, 2.0);
        assertThat(spread(upgraded.add(next))).isEqualTo(spread(fresh.add(next)));
        assertThat(upgraded.add(next).offerCount()).isEqualTo(451);
    }
}
