package dev.gpuarb.streams.routing;

import dev.gpuarb.avro.RouteCandidate;
import java.util.List;
import java.util.Map;

/**
 * One policy evaluated against the current offers.
 *
 * @param eligible eligible endpoints, cheapest first (ties by offer id)
 * @param shortfall why offers were not eligible: counted when nothing is eligible (the one case a
 *                  decision reads it, and the one case that needs a pass over the route's offers); null
 *                  otherwise
 */
public record Evaluation(List<RouteCandidate> eligible, Shortfall shortfall) {

    /**
     * @param matching offers of the requested product before the other filters
     * @param exclusions how many matching offers each filter removed, in order of first occurrence by offer id
     */
    public record Shortfall(int matching, Map<String, Integer> exclusions) {}

    /** Some endpoints are eligible: the decision needs no counts. */
    public static Evaluation ranked(List<RouteCandidate> eligible) {
        return new Evaluation(eligible, null);
    }

    /** Why nothing is eligible, in one sentence. */
    public String noRouteCause(String productDescription) {
        if (shortfall == null) {
            throw new IllegalStateException(
                    "the route's exclusions were not counted: " + eligible.size() + " eligible");
        }
        if (shortfall.matching() == 0) {
            return "no offers of " + productDescription;
        }
        StringBuilder sb =
                new StringBuilder(shortfall.matching() + " offers of " + productDescription + ", none eligible:");
        shortfall
                .exclusions()
                .forEach((why, count) ->
                        sb.append(' ').append(count).append(' ').append(why).append(';'));
        sb.setLength(sb.length() - 1);
        return sb.toString();
    }
}
