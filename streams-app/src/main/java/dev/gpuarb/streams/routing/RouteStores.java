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

    private RouteStores() {
    }
}
