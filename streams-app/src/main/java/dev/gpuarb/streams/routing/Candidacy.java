package dev.gpuarb.streams.routing;

/**
 * An offer's standing in one route, as {@link RouteIndex} keeps it per route and offer: eligible at
 * the route's effective price, or excluded with the reason a NO_ROUTE would give.
 */
sealed interface Candidacy {

    /** Eligible; {@code price} is the route's effective price of the offer (its ranking key). */
    record Eligible(double price) implements Candidacy {}

    /** Not eligible, and why (one of {@link Eligibility}'s reasons). */
    record Excluded(String reason) implements Candidacy {}

    /** Ranks a route's eligible offers: price as {@link Double#compare} orders it, then offer id. */
    record Ranked(double price, String offerId) implements Comparable<Ranked> {
        @Override
        public int compareTo(Ranked other) {
            int byPrice = Double.compare(price, other.price);
            return byPrice != 0 ? byPrice : offerId.compareTo(other.offerId);
        }
    }
}
