package dev.gpuarb.streams.routing;

/** Names of the route engine's state stores (also used by interactive queries). */
public final class RouteStores {

    /** routeId -> last published RouteUpdate: the current route. */
    public static final String DECISIONS = "route-decisions";
    /** routeId -> RoutePolicy. */
    public static final String POLICIES = "route-policies";
    /** offerId -> OfferSnapshot, latest by event time. */
    public static final String OFFERS = "route-offers";
    /** endpointId -> LatestLatency, latest window. */
    public static final String LATENCY = "route-latency";
    /** route + offer id -> the offer's eligibility for the route (see RouteIndex). */
    public static final String CANDIDATES = "route-candidates";
    /** route + price + offer id -> "": the route's eligible offers, cheapest first. */
    public static final String RANKING = "route-ranking";
    /** routeId -> index format, once the route's index is built. */
    public static final String INDEXED = "route-indexed";

    private RouteStores() {
    }
}
