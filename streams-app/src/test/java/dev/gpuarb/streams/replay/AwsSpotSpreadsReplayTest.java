package dev.gpuarb.streams.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.gpuarb.avro.GpuPriceObservation;
import dev.gpuarb.avro.PricingModel;
import dev.gpuarb.avro.RegionalSpread;
import dev.gpuarb.avro.WorkloadKind;
import dev.gpuarb.streams.Pipeline;
import dev.gpuarb.streams.replay.ExpectedSpreads.Spread;
import dev.gpuarb.streams.replay.ExpectedSpreads.WindowKey;
import dev.gpuarb.testkit.SharedData;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.streams.KeyValue;
import org.junit.jupiter.api.Test;

/**
 * Replays real AWS spot price history (../shared/data/aws-spot, read in place) through the
 * production topology and checks every regional spread it emits against {@link ExpectedSpreads},
 * computed in the test. The TopologyTestDriver is enough here: the question is what the topology
 * computes from real prices, and a broker would add only time.
 */
class AwsSpotSpreadsReplayTest {

    private static final String FILE = "spot-price-history-2022-05-31.tsv";
    private static final double PRICE_TOLERANCE = 1e-9;
    private static final int TABLE_ROWS = 10;

    @Test
    void cheapestRegionAndSpreadPerGpuModelAndWindowMatchAnIndependentComputation() throws Exception {
        Path tsv = SharedData.require("aws-spot").resolve(FILE);
        assumeThat(tsv).as("real AWS spot history %s", tsv).isRegularFile();
        AwsSpotHistory history = AwsSpotHistory.read(tsv);

        Map<WindowKey, RegionalSpread> emitted = new TreeMap<>();
        int rejected;
        Duration size;
        Duration advance;
        try (Pipeline pipeline = Pipeline.start()) {
            size = pipeline.config.spreadsWindowSize();
            advance = pipeline.config.spreadsWindowAdvance();
            history.observations().forEach(pipeline::send);
            pipeline.send(windowCloser(history.observations()));
            rejected = pipeline.rejected.readRecordsToList().size();
            for (KeyValue<String, RegionalSpread> kv : pipeline.spreads.readKeyValuesToList()) {
                RegionalSpread s = kv.value;
                if (s.getKind() == WorkloadKind.GPU_HOURS && s.getPricingModel() == PricingModel.SPOT) {
                    emitted.put(new WindowKey(s.getProduct(), s.getWindowStart()), s);
                }
            }
        }
        Map<WindowKey, Spread> expected = ExpectedSpreads.compute(history.observations(), size, advance);

        printLargestSpreads(history, emitted);
        assertThat(history.observations()).as("GPU spot prices in the file").hasSizeGreaterThan(100);
        assertThat(rejected).as("prices the application rejected").isZero();
        assertThat(emitted.keySet()).as("GPU model x window pairs with a spread")
                .containsExactlyElementsOf(expected.keySet());
        List<String> mismatches = new ArrayList<>();
        expected.forEach((key, want) -> mismatch(key, want, emitted.get(key)).ifPresent(mismatches::add));
        assertThat(mismatches).as("windows where the application disagrees with the independent computation").isEmpty();
    }

    /**
     * A price well after the history, for another pricing model (so another spread key), that moves
     * stream time past the last window's end and grace: every window with real data then closes.
     */
    private static GpuPriceObservation windowCloser(List<GpuPriceObservation> history) {
        GpuPriceObservation last = history.get(history.size() - 1);
        return GpuPriceObservation.newBuilder(last)
                .setPricingModel(PricingModel.ON_DEMAND)
                .setOfferId(last.getOfferId().replace(PricingModel.SPOT.name(), PricingModel.ON_DEMAND.name()))
                .setObservedAt(last.getObservedAt().plus(Duration.ofHours(3)))
                .build();
    }

    private static java.util.Optional<String> mismatch(WindowKey key, Spread want, RegionalSpread got) {
        List<String> problems = new ArrayList<>();
        if (!want.cheapestRegions().contains(got.getCheapestRegion().toString())) {
            problems.add("cheapest region " + got.getCheapestRegion() + ", expected one of " + want.cheapestRegions());
        }
        if (!want.dearestRegions().contains(got.getDearestRegion().toString())) {
            problems.add("dearest region " + got.getDearestRegion() + ", expected one of " + want.dearestRegions());
        }
        if (Math.abs(got.getCheapestPrice() - want.cheapestPrice()) > PRICE_TOLERANCE) {
            problems.add("cheapest price " + got.getCheapestPrice() + ", expected " + want.cheapestPrice());
        }
        if (Math.abs(got.getDearestPrice() - want.dearestPrice()) > PRICE_TOLERANCE) {
            problems.add("dearest price " + got.getDearestPrice() + ", expected " + want.dearestPrice());
        }
        if (Math.abs(got.getSpreadPct() - want.spreadPct()) > 1e-6) {
            problems.add("spread " + got.getSpreadPct() + " %, expected " + want.spreadPct() + " %");
        }
        return problems.isEmpty() ? java.util.Optional.empty()
                : java.util.Optional.of(key.gpuModel() + " @ " + key.windowStart() + ": " + String.join("; ", problems));
    }

    private static void printLargestSpreads(AwsSpotHistory history, Map<WindowKey, RegionalSpread> emitted) {
        System.out.printf("AWS spot replay: %d rows, %d GPU Linux/UNIX spot prices replayed (%d rows skipped),"
                        + " %d GPU model x window spreads. Largest spreads:%n",
                history.rows(), history.observations().size(), history.skipped(), emitted.size());
        System.out.printf("%-12s %-17s %-16s %9s %-16s %9s %8s%n",
                "GPU", "window start", "cheapest", "$/GPU-h", "dearest", "$/GPU-h", "spread");
        emitted.values().stream()
                .sorted(Comparator.comparingDouble(RegionalSpread::getSpreadPct).reversed())
                .limit(TABLE_ROWS)
                .forEach(s -> System.out.printf("%-12s %-17s %-16s %9.4f %-16s %9.4f %7.1f%%%n",
                        s.getProduct(), s.getWindowStart().toString().substring(0, 16), s.getCheapestRegion(),
                        s.getCheapestPrice(), s.getDearestRegion(), s.getDearestPrice(), s.getSpreadPct()));
    }
}
