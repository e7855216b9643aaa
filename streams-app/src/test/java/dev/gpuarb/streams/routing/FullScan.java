package dev.gpuarb.streams.routing;

import dev.gpuarb.avro.RouteCandidate;
import dev.gpuarb.avro.RoutePolicy;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A policy evaluated by reading every offer: the obvious way, which the route index must agree with
 * (the reference engine and the selector's tests use it; the application never scans).
 */
final class FullScan {

    private static final Comparator<RouteCandidate> CHEAPEST_FIRST = Comparator.comparingDouble(
                    RouteCandidate::getEffectivePrice)
            .thenComparing(c -> c.getEndpoint().getOfferId().toString());

    private FullScan() {}

    /** Eligible offers cheapest first, and the exclusion counts always (the index counts them only when none is eligible). */
    static Evaluation evaluate(
            RoutePolicy policy, Collection<OfferSnapshot> offers, Map<String, LatestLatency> latency) {
        List<RouteCandidate> eligible = new ArrayList<>();
        Map<String, Integer> exclusions = new LinkedHashMap<>();
        int matching = 0;
        for (OfferSnapshot offer : offers) {
            if (!Eligibility.matchesProduct(policy, offer)) {
                continue;
            }
            matching++;
            LatestLatency l = latency.get(offer.offerId());
            Optional<String> why = Eligibility.whyIneligible(policy, offer, l);
            if (why.isPresent()) {
                exclusions.merge(why.get(), 1, Integer::sum);
            } else {
                eligible.add(RouteUpdates.candidate(policy, offer, l));
            }
        }
        eligible.sort(CHEAPEST_FIRST);
        return new Evaluation(eligible, new Evaluation.Shortfall(matching, exclusions));
    }
}
