package dev.gpuarb.streams.history;

import dev.gpuarb.avro.RegionPriceStats;
import dev.gpuarb.avro.RegionalSpread;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A GPU product's cheapest price per region over its recent spread windows, oldest window first: the
 * live page's "cheapest price per region over the last hours" chart. Each window keeps, per region,
 * the lowest price any provider had there in it (ties: the provider first in name order), cheapest
 * regions first, at most {@link HistoryLimits#maxRegions()} of them.
 */
public record SpreadHistory(String kind, String product, String pricingModel, String priceUnit, List<Window> windows) {

    public record Window(Instant start, Instant end, List<RegionPrice> regions) {
        public Window {
            regions = List.copyOf(regions);
        }
    }

    public record RegionPrice(String region, String provider, double price) {}

    public SpreadHistory {
        windows = List.copyOf(windows);
    }

    public static SpreadHistory empty(RegionalSpread spread) {
        return new SpreadHistory(
                spread.getKind().name(),
                spread.getProduct(),
                spread.getPricingModel() == null
                        ? null
                        : spread.getPricingModel().name(),
                spread.getPriceUnit(),
                List.of());
    }

    /**
     * This history with the spread's window in end-time order (a window already there, as after a
     * replay, is replaced), trimmed to windows ending within the horizon of the newest end and to at
     * most {@link HistoryLimits#maxPoints()} windows.
     */
    public SpreadHistory with(RegionalSpread spread, HistoryLimits limits) {
        Window window = new Window(
                spread.getWindowStart(), spread.getWindowEnd(), cheapestPerRegion(spread, limits.maxRegions()));
        List<Window> next = new ArrayList<>(windows.size() + 1);
        windows.stream().filter(w -> !w.end().equals(window.end())).forEach(next::add);
        next.add(window);
        next.sort(Comparator.comparing(Window::end));
        Instant oldest = next.get(next.size() - 1).end().minus(limits.horizon());
        next.removeIf(w -> w.end().isBefore(oldest));
        List<Window> kept =
                next.size() > limits.maxPoints() ? next.subList(next.size() - limits.maxPoints(), next.size()) : next;
        return new SpreadHistory(kind, product, pricingModel, spread.getPriceUnit(), kept);
    }

    static List<RegionPrice> cheapestPerRegion(RegionalSpread spread, int maxRegions) {
        Map<String, RegionPrice> best = new LinkedHashMap<>();
        for (RegionPriceStats stats : spread.getRegions()) {
            RegionPrice candidate = new RegionPrice(stats.getRegion(), stats.getProvider(), stats.getMinPrice());
            best.merge(stats.getRegion(), candidate, (a, b) -> CHEAPEST.compare(a, b) <= 0 ? a : b);
        }
        return best.values().stream().sorted(CHEAPEST).limit(maxRegions).toList();
    }

    private static final Comparator<RegionPrice> CHEAPEST = Comparator.comparingDouble(RegionPrice::price)
            .thenComparing(RegionPrice::provider)
            .thenComparing(RegionPrice::region);
}
