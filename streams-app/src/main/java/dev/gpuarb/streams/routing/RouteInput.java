package dev.gpuarb.streams.routing;

import dev.gpuarb.avro.EndpointLatencySummary;
import dev.gpuarb.avro.RoutePolicy;

/** The kinds of input the route engine reacts to, merged into one stream so one processor sees them in order. */
public sealed interface RouteInput {

    record OfferChanged(OfferSnapshot offer) implements RouteInput {}

    record LatencyChanged(EndpointLatencySummary summary) implements RouteInput {}

    /** A new or changed policy; a null policy deletes the route. */
    record PolicyChanged(String routeId, RoutePolicy policy) implements RouteInput {}

    /** A policy that was refused on arrival: its route stops (NO_ROUTE) and says why. */
    record PolicyRefused(String routeId, String problems) implements RouteInput {}

    /**
     * The route's policy now names another product, so its state moved to another home: this partition
     * forgets the route without a word (the new home publishes its decision). See {@link RouteHomes}.
     */
    record RouteMoved(String routeId) implements RouteInput {}

    /**
     * Where a route lives (null: nowhere, it was deleted), told to the partition of its
     * {@link RouteHomes#unrouted} home so that margins there know the route exists elsewhere.
     */
    record RouteHomed(String routeId, String home) implements RouteInput {}
}
