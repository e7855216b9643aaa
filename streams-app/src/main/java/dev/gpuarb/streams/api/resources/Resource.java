package dev.gpuarb.streams.api.resources;

import dev.gpuarb.streams.bids.BidStores;
import dev.gpuarb.streams.config.StreamsApp;
import dev.gpuarb.streams.effect.PricesInEffectStage;
import dev.gpuarb.streams.history.HistoryStage;
import dev.gpuarb.streams.routing.LatestOffersStage;
import dev.gpuarb.streams.routing.RouteStores;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A read-only collection of the API: the application and store behind it and the value fields a list
 * may be filtered by ({@code /offers?gpuModel=H100-80GB}).
 */
public record Resource(String path, StreamsApp app, String store, List<String> filters) {

    public static final List<Resource> ALL = List.of(
            new Resource("routes", StreamsApp.ROUTING, RouteStores.DECISIONS, List.of("routeId", "status")),
            new Resource(
                    "offers",
                    StreamsApp.ROUTING,
                    LatestOffersStage.OFFERS_GPU_STORE,
                    List.of("gpuModel", "provider", "region", "pricingModel")),
            new Resource(
                    "token-offers",
                    StreamsApp.ROUTING,
                    LatestOffersStage.OFFERS_TOKENS_STORE,
                    List.of("model", "provider", "region")),
            new Resource(
                    "spreads",
                    StreamsApp.ANALYTICS,
                    PricesInEffectStage.SPREADS_LATEST_STORE,
                    List.of("kind", "product", "pricingModel")),
            new Resource(
                    "profiles",
                    StreamsApp.ANALYTICS,
                    PricesInEffectStage.PROFILES_LATEST_STORE,
                    List.of("gpuModel", "pricingModel", "region")),
            new Resource(
                    "bids",
                    StreamsApp.ANALYTICS,
                    BidStores.LATEST,
                    List.of("provider", "region", "instanceType", "gpuModel", "action")),
            new Resource("route-trails", StreamsApp.ANALYTICS, HistoryStage.ROUTE_TRAILS_STORE, List.of("routeId")),
            new Resource(
                    "spread-history",
                    StreamsApp.ANALYTICS,
                    HistoryStage.SPREAD_HISTORY_STORE,
                    List.of("product", "pricingModel")));

    public static Optional<Resource> byPath(String path) {
        return ALL.stream().filter(r -> r.path.equals(path)).findFirst();
    }

    /** Whether a JSON-shaped value matches every filter given (case-insensitive equality). */
    public boolean matches(Object value, Map<String, String> query) {
        if (!(value instanceof Map<?, ?> fields)) {
            return false;
        }
        for (String filter : filters) {
            String wanted = query.get(filter);
            if (wanted != null) {
                Object actual = fields.get(filter);
                if (actual == null || !actual.toString().equalsIgnoreCase(wanted)) {
                    return false;
                }
            }
        }
        return true;
    }
}
