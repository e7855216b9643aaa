package dev.gpuarb.streams.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.gpuarb.avro.GpuPriceObservation;
import dev.gpuarb.avro.HourOfDayStats;
import dev.gpuarb.avro.PricingModel;
import dev.gpuarb.avro.RegionalSpread;
import dev.gpuarb.avro.TimeOfDayProfile;
import dev.gpuarb.avro.WorkloadKind;
import dev.gpuarb.streams.Pipeline;
import dev.gpuarb.streams.replay.PricesInEffectReference.Profile;
import dev.gpuarb.streams.replay.PricesInEffectReference.Spread;
import dev.gpuarb.streams.replay.PricesInEffectReference.WindowKey;
import dev.gpuarb.testkit.SharedData;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.streams.KeyValue;
import org.junit.jupiter.api.Test;

/**
 * Replays real AWS spot price history (../shared/data/aws-spot, read in place) through the
 * production topology and checks every regional spread and time-of-day profile it emits against
 * {@link PricesInEffectReference}, computed in the test over prices in effect. The TopologyTestDriver is enough here: the question is what the topology
 * computes from real prices, and a broker would add only time.
 */
class AwsSpotSpreadsReplayTest {

    private static final String FILE = "spot-price-history-2022-05-31.tsv";
    /** Relative: both sides sum exactly and divide once; only the final rounding to a double may differ. */
    private static final double MEAN_TOLERANCE = 1e-15;

    private static final int TABLE_ROWS = 10;

    @Test
    void spreadsAndProfilesOverPricesInEffectMatchAnIndependentComputation() throws Exception {
        Path tsv = SharedData.require("aws-spot").resolve(FILE);
        assumeThat(tsv).as("real AWS spot history %s", tsv).isRegularFile();
        AwsSpotHistory history = AwsSpotHistory.read(tsv);

        Map<WindowKey, RegionalSpread> emitted = new TreeMap<>();
        Map<String, TimeOfDayProfile> profiles = new TreeMap<>();
        int rejected;
        Duration size;
        Duration advance;
        Duration grace;
        Duration horizon;
        GpuPriceObservation closer = windowCloser(history.observations());
        try (Pipeline pipeline = Pipeline.start()) {
            size = pipeline.config.spreadsWindowSize();
            advance = pipeline.config.spreadsWindowAdvance();
            grace = pipeline.config.grace();
            horizon = pipeline.config.profilesHorizon();
            history.observations().forEach(pipeline::send);
            pipeline.send(closer);
            rejected = pipeline.rejected.readRecordsToList().size();
            for (KeyValue<String, RegionalSpread> kv : pipeline.spreads.readKeyValuesToList()) {
                RegionalSpread s = kv.value;
                if (s.getKind() == WorkloadKind.GPU_HOURS && s.getPricingModel() == PricingModel.SPOT) {
                    emitted.put(new WindowKey(s.getProduct(), s.getWindowStart()), s);
                }
            }
            for (TimeOfDayProfile p : pipeline.profiles.readValuesToList()) {
                if (p.getPricingModel() == PricingModel.SPOT) {
                    profiles.put(p.getGpuModel() + "|" + p.getRegion(), p);
                }
            }
        }
        // Windows close once stream time (the closer's) passes their end plus the grace.
        Instant closedUntil = closer.getObservedAt().minus(grace);
        PricesInEffectReference reference = PricesInEffectReference.of(history.observations(), closedUntil);
        Map<WindowKey, Spread> expected = reference.spreads(size, advance, closedUntil);
        Instant midnight = history.observations()
                .get(history.observations().size() - 1)
                .getObservedAt()
                .truncatedTo(ChronoUnit.DAYS)
                .plus(Duration.ofDays(1));
        Map<String, Profile> expectedProfiles = reference.profiles(midnight.minus(horizon), midnight);

        printLargestSpreads(history, emitted);
        assertThat(history.observations()).as("GPU spot prices in the file").hasSizeGreaterThan(100);
        assertThat(rejected).as("prices the application rejected").isZero();
        assertThat(emitted.keySet())
                .as("GPU model x window pairs with a spread")
                .containsExactlyElementsOf(expected.keySet());
        List<String> mismatches = new ArrayList<>();
        expected.forEach((key, want) -> mismatch(key, want, emitted.get(key)).ifPresent(mismatches::add));
        assertThat(mismatches)
                .as("windows where the application disagrees with the independent computation")
                .isEmpty();

        System.out.printf(
                "%d GPU model x region time-of-day profiles for the horizon ending %s%n", profiles.size(), midnight);
        assertThat(profiles).as("profiles of the day replayed").hasSizeGreaterThan(10);
        assertThat(profiles.keySet())
                .as("GPU model x region profiles")
                .containsExactlyElementsOf(expectedProfiles.keySet());
        List<String> profileMismatches = new ArrayList<>();
        expectedProfiles.forEach((key, want) ->
                profileMismatch(want, profiles.get(key), midnight, horizon).ifPresent(profileMismatches::add));
        assertThat(profileMismatches)
                .as("profiles where the application disagrees")
                .isEmpty();
    }

    private static java.util.Optional<String> profileMismatch(
            Profile want, TimeOfDayProfile got, Instant end, Duration horizon) {
        List<String> problems = new ArrayList<>();
        if (!got.getHorizonEnd().equals(end) || !got.getHorizonStart().equals(end.minus(horizon))) {
            problems.add("horizon " + got.getHorizonStart() + ".." + got.getHorizonEnd());
        }
        Map<Integer, Double> gotMeans = new TreeMap<>();
        for (HourOfDayStats h : got.getHours()) {
            gotMeans.put(h.getHourUtc(), h.getMeanPrice());
        }
        if (!gotMeans.keySet().equals(want.meanByHour().keySet())) {
            problems.add("hours " + gotMeans.keySet() + ", expected "
                    + want.meanByHour().keySet());
        } else {
            want.meanByHour().forEach((hour, mean) -> {
                if (Math.abs(gotMeans.get(hour) - mean) > MEAN_TOLERANCE * mean) {
                    problems.add("hour " + hour + " mean " + gotMeans.get(hour) + ", expected " + mean);
                }
            });
            double dailyMean = want.meanByHour().values().stream()
                    .mapToDouble(Double::doubleValue)
                    .average()
                    .orElseThrow();
            if (Math.abs(got.getDailyMean() - dailyMean) > MEAN_TOLERANCE * dailyMean) {
                problems.add("daily mean " + got.getDailyMean() + ", expected " + dailyMean);
            }
            double lowest = want.meanByHour().values().stream()
                    .mapToDouble(Double::doubleValue)
                    .min()
                    .orElseThrow();
            int cheapestHour = want.meanByHour().entrySet().stream()
                    .filter(e -> e.getValue() == lowest)
                    .mapToInt(Map.Entry::getKey)
                    .min()
                    .orElseThrow();
            if (got.getCheapestHourUtc() != cheapestHour) {
                problems.add("cheapest hour " + got.getCheapestHourUtc() + ", expected " + cheapestHour);
            }
        }
        return problems.isEmpty()
                ? java.util.Optional.empty()
                : java.util.Optional.of(want.gpuModel() + " in " + want.region() + ": " + String.join("; ", problems));
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
        if (got.getCheapestPrice() != want.cheapestPrice()) {
            problems.add("cheapest price " + got.getCheapestPrice() + ", expected " + want.cheapestPrice());
        }
        if (got.getDearestPrice() != want.dearestPrice()) {
            problems.add("dearest price " + got.getDearestPrice() + ", expected " + want.dearestPrice());
        }
        if (Math.abs(got.getSpreadPct() - want.spreadPct()) > 1e-6) {
            problems.add("spread " + got.getSpreadPct() + " %, expected " + want.spreadPct() + " %");
        }
        // AWS is the only provider, so a region's one entry holds its time-weighted mean.
        Map<String, Double> gotMeans = new TreeMap<>();
        got.getRegions().forEach(r -> gotMeans.put(r.getRegion(), r.getMeanPrice()));
        if (!gotMeans.keySet().equals(want.meanByRegion().keySet())) {
            problems.add("regions " + gotMeans.keySet() + ", expected "
                    + want.meanByRegion().keySet());
        } else {
            want.meanByRegion().forEach((region, mean) -> {
                if (Math.abs(gotMeans.get(region) - mean) > MEAN_TOLERANCE * mean) {
                    problems.add(region + " mean " + gotMeans.get(region) + ", expected " + mean);
                }
            });
        }
        return problems.isEmpty()
                ? java.util.Optional.empty()
                : java.util.Optional.of(
                        key.gpuModel() + " @ " + key.windowStart() + ": " + String.join("; ", problems));
    }

    private static void printLargestSpreads(AwsSpotHistory history, Map<WindowKey, RegionalSpread> emitted) {
        System.out.printf(
                "AWS spot replay: %d rows, %d GPU Linux/UNIX spot prices replayed (%d rows skipped),"
                        + " %d GPU model x window spreads. Largest spreads:%n",
                history.rows(), history.observations().size(), history.skipped(), emitted.size());
        System.out.printf(
                "%-12s %-17s %-16s %9s %-16s %9s %8s%n",
                "GPU", "window start", "cheapest", "$/GPU-h", "dearest", "$/GPU-h", "spread");
        emitted.values().stream()
                .sorted(Comparator.comparingDouble(RegionalSpread::getSpreadPct).reversed())
                .limit(TABLE_ROWS)
                .forEach(s -> System.out.printf(
                        "%-12s %-17s %-16s %9.4f %-16s %9.4f %7.1f%%%n",
                        s.getProduct(),
                        s.getWindowStart().toString().substring(0, 16),
                        s.getCheapestRegion(),
                        s.getCheapestPrice(),
                        s.getDearestRegion(),
                        s.getDearestPrice(),
                        s.getSpreadPct()));
    }
}
