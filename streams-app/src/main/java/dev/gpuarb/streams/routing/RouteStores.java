package dev.gpuarb.streams.routing;

import dev.gpuarb.avro.RoutePolicy;
import dev.gpuarb.avro.RouteUpdate;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

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
    /** kind + product + offer id -> offer id: the offers of each product (see OffersByProduct). */
    public static final String OFFERS_BY_PRODUCT = "route-offers-by-product";
    /** routeId -> index format, once the route's index is built. */
    public static final String INDEXED = "route-indexed";
    /**
     * routeId -> home, for routes whose unrouted home is this partition but that live elsewhere (see
     * {@link RouteInput.RouteHomed}).
     */
    public static final String ELSEWHERE = "route-homes-elsewhere";

    /**
     * Every store of the route engine with its value serde (keys are strings), given the serdes of the
     * public records it keeps: one list for the topology and for whatever runs the engine on its own.
     */
    public static Map<String, Serde<?>> valueSerdes(Serde<RoutePolicy> policies, Serde<RouteUpdate> updates) {
        Map<String, Serde<?>> serdes = new LinkedHashMap<>();
        serdes.put(OFFERS, new OfferSnapshotSerde());
        serdes.put(LATENCY, new LatestLatencySerde());
        serdes.put(POLICIES, policies);
        serdes.put(DECISIONS, updates);
        serdes.put(CANDIDATES, new CandidacySerde());
        serdes.put(INDEXED, Serdes.String());
        serdes.put(OFFERS_BY_PRODUCT, Serdes.String());
        serdes.put(ELSEWHERE, Serdes.String());
        return serdes;
    }

    private RouteStores() {}
}
