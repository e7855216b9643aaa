package dev.gpuarb.streams.routing;

/**
 * An offer on its way to the route engine's partitions (see {@link RouteHomes}).
 *
 * @param previousHome the offer's home before this price when its product changed, else null: that
 *                     partition gets the price too, so routes of the old product stop using the offer
 */
public record RoutedOffer(OfferSnapshot offer, String previousHome) {}
