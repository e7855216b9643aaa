package dev.gpuarb.streams.routing;

import dev.gpuarb.avro.RouteCandidate;
import dev.gpuarb.avro.RoutePolicy;
import dev.gpuarb.avro.RouteStatus;
import dev.gpuarb.avro.RouteUpdate;
import dev.gpuarb.streams.common.TextFormat;
import java.util.List;
import java.util.Optional;

/**
 * The route engine's decision, free of Kafka: given the eligible endpoints ({@link Eligibility}, ranked
 * by {@link RouteIndex}) and the current choice, whether the route should change, with hysteresis and
 * dwell; the update itself is built by {@link RouteUpdates}. Inputs carry their own times, so the same
 * inputs always give the same decision.
 */
public final class RouteSelector {

    private final int maxAlternatives;

    public RouteSelector(int maxAlternatives) {
        this.maxAlternatives = maxAlternatives;
    }

    /** How many alternatives an update lists besides the chosen endpoint. */
    public int maxAlternatives() {
        return maxAlternatives;
    }

    /**
     * The update to publish, or empty when the route's choice stays as it is.
     *
     * @param current the last published update of the route, null when the policy is new
     * @param policyChanged the owner changed the policy: re-decide without hysteresis or dwell
     * @param now event time of the input that triggered the evaluation
     * @param previousOffer the current choice's latest offer (null if gone), to price and explain it
     */
    public Optional<RouteUpdate> decide(
            RoutePolicy policy,
            Evaluation eval,
            RouteUpdate current,
            boolean policyChanged,
            long now,
            OfferSnapshot previousOffer,
            LatestLatency previousLatency) {
        List<RouteCandidate> eligible = eval.eligible();
        RouteCandidate best = eligible.isEmpty() ? null : eligible.get(0);
        if (current == null) {
            return Optional.of(
                    best == null
                            ? RouteUpdates.noRoute(
                                    policy,
                                    eval,
                                    null,
                                    "new policy; NO_ROUTE: " + eval.noRouteCause(RouteUpdates.describe(policy)),
                                    now)
                            : RouteUpdates.routed(
                                    maxAlternatives,
                                    policy,
                                    eval,
                                    best,
                                    null,
                                    "new policy: cheapest eligible endpoint",
                                    now));
        }
        RouteCandidate chosen = current.getStatus() == RouteStatus.ROUTED ? current.getChosen() : null;
        RouteCandidate previous =
                chosen == null ? null : RouteUpdates.repriced(policy, chosen, previousOffer, previousLatency);
        if (best == null) {
            return chosen == null
                    ? Optional.empty()
                    : Optional.of(RouteUpdates.noRoute(
                            policy,
                            eval,
                            previous,
                            "NO_ROUTE: " + eval.noRouteCause(RouteUpdates.describe(policy)),
                            now));
        }
        if (chosen == null) {
            return Optional.of(RouteUpdates.routed(
                    maxAlternatives,
                    policy,
                    eval,
                    best,
                    null,
                    (policyChanged ? "policy updated" : "an endpoint became eligible") + ": cheapest eligible endpoint",
                    now));
        }
        String chosenId = chosen.getEndpoint().getOfferId().toString();
        Optional<RouteCandidate> stillEligible = eligible.stream()
                .filter(c -> c.getEndpoint().getOfferId().toString().equals(chosenId))
                .findFirst();
        if (stillEligible.isEmpty()) {
            String why = previousOffer == null
                    ? "offer no longer known"
                    : Eligibility.whyIneligible(policy, previousOffer, previousLatency)
                            .orElse("no longer eligible");
            return Optional.of(RouteUpdates.routed(
                    maxAlternatives, policy, eval, best, previous, "previous choice ineligible (" + why + ")", now));
        }
        if (best == stillEligible.get()) {
            return Optional.empty();
        }
        double currentPrice = stillEligible.get().getEffectivePrice();
        if (policyChanged) {
            return best.getEffectivePrice() < currentPrice
                    ? Optional.of(RouteUpdates.routed(
                            maxAlternatives,
                            policy,
                            eval,
                            best,
                            previous,
                            "policy updated: cheaper eligible endpoint",
                            now))
                    : Optional.empty();
        }
        double savingPct = (currentPrice - best.getEffectivePrice()) / currentPrice * 100;
        boolean beyondHysteresis = savingPct > 0 && savingPct >= policy.getHysteresisPct();
        boolean dwelt = now - current.getDecidedAt().toEpochMilli() >= policy.getMinDwellMs();
        if (beyondHysteresis && dwelt) {
            return Optional.of(RouteUpdates.routed(
                    maxAlternatives,
                    policy,
                    eval,
                    best,
                    previous,
                    TextFormat.format(
                            "cheaper endpoint: %.2f%% below the current choice (hysteresis %.2f%%)",
                            savingPct, policy.getHysteresisPct()),
                    now));
        }
        return Optional.empty();
    }
}
