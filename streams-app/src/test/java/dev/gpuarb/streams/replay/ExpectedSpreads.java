package dev.gpuarb.streams.replay;

import dev.gpuarb.avro.GpuPriceObservation;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Regional spreads computed from scratch, without the application's code, for checking it: for each
 * GPU model and hopping window [start, start + size) with start a multiple of the advance, the
 * lowest price per GPU-hour in each region; the cheapest region has the lowest of those, the
 * dearest the highest, and spread % = (dearest - cheapest) / cheapest * 100.
 */
final class ExpectedSpreads {

    /** One GPU model in one window. Regions sharing the extreme price are all listed, since either may be named. */
    record Spread(String gpuModel, Instant windowStart, Set<String> cheapestRegions, double cheapestPrice,
                  Set<String> dearestRegions, double dearestPrice) {

        double spreadPct() {
            return (dearestPrice - cheapestPrice) / cheapestPrice * 100;
        }
    }

    record WindowKey(String gpuModel, Instant windowStart) implements Comparable<WindowKey> {
        @Override
        public int compareTo(WindowKey o) {
            int byModel = gpuModel.compareTo(o.gpuModel);
            return byModel != 0 ? byModel : windowStart.compareTo(o.windowStart);
        }
    }

    private ExpectedSpreads() {
    }

    static Map<WindowKey, Spread> compute(Iterable<GpuPriceObservation> prices, Duration size, Duration advance) {
        Map<WindowKey, Map<String, Double>> lowestByRegion = new TreeMap<>();
        long sizeMs = size.toMillis();
        long advanceMs = advance.toMillis();
        for (GpuPriceObservation p : prices) {
            long t = p.getObservedAt().toEpochMilli();
            // Every window whose start is a multiple of the advance and that contains t.
            for (long start = Math.floorDiv(t, advanceMs) * advanceMs; start > t - sizeMs && start >= 0; start -= advanceMs) {
                lowestByRegion.computeIfAbsent(new WindowKey(p.getGpuModel(), Instant.ofEpochMilli(start)), k -> new HashMap<>())
                        .merge(p.getRegion(), p.getUsdPerGpuHour(), Math::min);
            }
        }
        Map<WindowKey, Spread> spreads = new TreeMap<>();
        lowestByRegion.forEach((key, regions) -> {
            double cheapest = regions.values().stream().mapToDouble(Double::doubleValue).min().orElseThrow();
            double dearest = regions.values().stream().mapToDouble(Double::doubleValue).max().orElseThrow();
            spreads.put(key, new Spread(key.gpuModel(), key.windowStart(), regionsAt(regions, cheapest), cheapest,
                    regionsAt(regions, dearest), dearest));
        });
        return spreads;
    }

    private static Set<String> regionsAt(Map<String, Double> regions, double price) {
        return regions.entrySet().stream().filter(e -> e.getValue() == price).map(Map.Entry::getKey)
                .collect(Collectors.toCollection(java.util.TreeSet::new));
    }
}
