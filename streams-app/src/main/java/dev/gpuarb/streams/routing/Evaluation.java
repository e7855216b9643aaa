package dev.gpuarb.streams.routing;

import dev.gpuarb.avro.RouteCandidate;
import java.util.List;
import java.util.Map;

/**
 * One policy evaluated against the current offers.
 *
 * @param eligible eligible endpoints, cheapest first (ties by offer id)
 * @param matching offers of the requested product before the other filters; the route engine counts
 *                 them only when nothing is eligible (the one case a decision reads them) and passes -1 otherwise
 * @param exclusions how many matching offers each filter removed, in order of first occurrence by offer id;
 *                   empty when the route engine did not count them
 */
public record Evaluation(List<RouteCandidate> eligible, int matching, Map<String, Integer> exclusions) {

    /** Why nothing is eligible, in one sentence. */
    public String noRouteCause(String productDescription) {
        if (matching == 0) {
            return "no offers of " + productDescription;
        }
        StringBuilder sb = new StringBuilder(matching + " offers of " + productDescription + ", none eligible:");
        exclusions.forEach((why, count) -> sb.append(' ').append(count).append(' ').append(why).append(';'));
        sb.setLength(sb.length() - 1);
        return sb.toString();
    }
}
