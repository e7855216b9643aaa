package dev.gpuarb.streams.routing;

/**
 * A route input addressed to a home (see {@link RouteHomes}): the policy stage decides the home, the
 * repartition delivers the input to the home's partition.
 *
 * @param input a {@link RouteInput.PolicyChanged}, {@link RouteInput.PolicyRefused},
 *              {@link RouteInput.RouteMoved} or {@link RouteInput.RouteHomed}
 */
public record RouteCommand(String home, RouteInput input) {

    public RouteCommand {
        if (input instanceof RouteInput.OfferChanged || input instanceof RouteInput.LatencyChanged) {
            throw new IllegalArgumentException("offers and latencies are routed by their own partitioners");
        }
    }
}
