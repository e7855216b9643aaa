package dev.gpuarb.streams.replay;

import dev.gpuarb.avro.GpuPriceObservation;
import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Spreads and hour-of-day profiles over prices in effect, computed from scratch in the test without
 * the application's code. Each offer's prices, in time order, hold from their time until the offer's
 * next price (the last one holds on); a region's price in a window is the lowest any of its offers had
 * in effect at any moment of it; an hour's mean weighs each price by the milliseconds it held.
 */
final class PricesInEffectReference {

    private static final long HOUR_MS = Duration.ofHours(1).toMillis();

    /** One GPU model in one window. Regions sharing the extreme price are all listed, since either may be named. */
    record Spread(
            String gpuModel,
            Instant windowStart,
            Set<String> cheapestRegions,
            double cheapestPrice,
            Set<String> dearestRegions,
            double dearestPrice,
            Map<String, Double> meanByRegion) {

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

    /** Time-weighted mean per UTC hour of day of one GPU model in one region. */
    record Profile(String gpuModel, String region, Map<Integer, Double> meanByHour) {}

    /** One price holding over [from, to). */
    private record Period(String gpuModel, String region, double price, long from, long to) {}

    private final List<Period> periods;

    private PricesInEffectReference(List<Period> periods) {
        this.periods = periods;
    }

    /** The prices of the history in effect until {@code end}; same-millisecond prices of an offer: the later one. */
    static PricesInEffectReference of(List<GpuPriceObservation> prices, Instant end) {
        Map<String, List<GpuPriceObservation>> byOffer = new LinkedHashMap<>();
        for (GpuPriceObservation p : prices) {
            byOffer.computeIfAbsent(p.getOfferId().toString(), k -> new ArrayList<>())
                    .add(p);
        }
        List<Period> periods = new ArrayList<>();
        for (List<GpuPriceObservation> series : byOffer.values()) {
            // A stable sort keeps the given order among equal times; the later of those replaces the earlier.
            List<GpuPriceObservation> sorted = new ArrayList<>(series);
            sorted.sort((a, b) -> a.getObservedAt().compareTo(b.getObservedAt()));
            for (int i = 0; i < sorted.size(); i++) {
                GpuPriceObservation p = sorted.get(i);
                long from = p.getObservedAt().toEpochMilli();
                long to = i + 1 < sorted.size()
                        ? sorted.get(i + 1).getObservedAt().toEpochMilli()
                        : end.toEpochMilli();
                if (to > from) {
                    periods.add(new Period(
                            p.getGpuModel().toString(), p.getRegion().toString(), p.getUsdPerGpuHour(), from, to));
                }
            }
        }
        return new PricesInEffectReference(periods);
    }

    /** Every window [start, start + size), start a multiple of the advance, that ends by {@code until} and saw a price. */
    Map<WindowKey, Spread> spreads(Duration size, Duration advance, Instant until) {
        long sizeMs = size.toMillis();
        long advanceMs = advance.toMillis();
        Map<WindowKey, Map<String, Double>> lowest = new TreeMap<>();
        Map<WindowKey, Map<String, BigDecimal[]>> weighted = new HashMap<>();
        for (Period p : periods) {
            for (long start = Math.floorDiv(p.from, advanceMs) * advanceMs - sizeMs + advanceMs;
                    start < p.to;
                    start += advanceMs) {
                long end = start + sizeMs;
                long overlap = Math.min(end, p.to) - Math.max(start, p.from);
                if (overlap <= 0 || end > until.toEpochMilli()) {
                    continue;
                }
                WindowKey key = new WindowKey(p.gpuModel, Instant.ofEpochMilli(start));
                lowest.computeIfAbsent(key, k -> new HashMap<>()).merge(p.region, p.price, Math::min);
                BigDecimal[] sums = weighted.computeIfAbsent(key, k -> new HashMap<>())
                        .computeIfAbsent(p.region, r -> new BigDecimal[] {BigDecimal.ZERO, BigDecimal.ZERO});
                sums[0] = sums[0].add(new BigDecimal(p.price).multiply(BigDecimal.valueOf(overlap)));
                sums[1] = sums[1].add(BigDecimal.valueOf(overlap));
            }
        }
        Map<WindowKey, Spread> spreads = new TreeMap<>();
        lowest.forEach((key, regions) -> {
            double cheapest = regions.values().stream()
                    .mapToDouble(Double::doubleValue)
                    .min()
                    .orElseThrow();
            double dearest = regions.values().stream()
                    .mapToDouble(Double::doubleValue)
                    .max()
                    .orElseThrow();
            Map<String, Double> means = new TreeMap<>();
            weighted.get(key).forEach((region, sums) -> means.put(region, mean(sums[0], sums[1])));
            spreads.put(
                    key,
                    new Spread(
                            key.gpuModel(),
                            key.windowStart(),
                            regionsAt(regions, cheapest),
                            cheapest,
                            regionsAt(regions, dearest),
                            dearest,
                            means));
        });
        return spreads;
    }

    /** Hour-of-day means over [from, to), per GPU model and region (every provider and offer together). */
    Map<String, Profile> profiles(Instant from, Instant to) {
        Map<String, Map<Integer, BigDecimal[]>> sums = new TreeMap<>();
        Map<String, String[]> names = new HashMap<>();
        for (Period p : periods) {
            long a = Math.max(p.from, from.toEpochMilli());
            long b = Math.min(p.to, to.toEpochMilli());
            for (long hourStart = Math.floorDiv(a, HOUR_MS) * HOUR_MS; hourStart < b; hourStart += HOUR_MS) {
                long overlap = Math.min(b, hourStart + HOUR_MS) - Math.max(a, hourStart);
                if (overlap <= 0) {
                    continue;
                }
                String key = p.gpuModel + "|" + p.region;
                names.put(key, new String[] {p.gpuModel, p.region});
                int hour = (int) Math.floorMod(hourStart / HOUR_MS, 24L);
                BigDecimal[] s = sums.computeIfAbsent(key, k -> new TreeMap<>())
                        .computeIfAbsent(hour, h -> new BigDecimal[] {BigDecimal.ZERO, BigDecimal.ZERO});
                s[0] = s[0].add(new BigDecimal(p.price).multiply(BigDecimal.valueOf(overlap)));
                s[1] = s[1].add(BigDecimal.valueOf(overlap));
            }
        }
        Map<String, Profile> profiles = new TreeMap<>();
        sums.forEach((key, byHour) -> {
            Map<Integer, Double> means = new TreeMap<>();
            byHour.forEach((hour, s) -> means.put(hour, mean(s[0], s[1])));
            profiles.put(key, new Profile(names.get(key)[0], names.get(key)[1], means));
        });
        return profiles;
    }

    private static double mean(BigDecimal weightedSum, BigDecimal millis) {
        return weightedSum.divide(millis, MathContext.DECIMAL128).doubleValue();
    }

    private static Set<String> regionsAt(Map<String, Double> regions, double price) {
        return regions.entrySet().stream()
                .filter(e -> e.getValue() == price)
                .map(Map.Entry::getKey)
                .collect(Collectors.toCollection(TreeSet::new));
    }
}
