package dev.gpuarb.streams.routing;

import dev.gpuarb.avro.Endpoint;
import dev.gpuarb.avro.PricingModel;
import dev.gpuarb.avro.RouteCandidate;
import dev.gpuarb.avro.RoutePolicy;
import dev.gpuarb.avro.RouteStatus;
import dev.gpuarb.avro.RouteUpdate;
import dev.gpuarb.avro.WorkloadKind;
import dev.gpuarb.streams.common.PricePoint;
import dev.gpuarb.vocab.Jurisdictions;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * The route engine's decisions, free of Kafka: which endpoints a policy may use, what they cost in the
 * policy's unit, and whether the current choice should change. Inputs carry their own times, so the
 * same inputs always give the same decision.
 */
public final class RouteSelector {

    static final String OVER_LATENCY = "over the p99 latency limit";
    static final String OVER_PRICE = "over the maximum price";
    static final String PRICING_MODEL = "with a pricing model not allowed";
    static final String REGION = "in a region not allowed";
    static final String PROVIDER = "from a provider not allowed";
    static final String TAGS = "missing required tags";
    static final String RESIDENCY_UNKNOWN = "of unknown residency (region not in the residency vocabulary)";
    static final String EXPIRED = "expired (no price confirmed within its TTL)";
    static final String WITHDRAWN = "withdrawn by its source";
    static final String NO_MEASURED_LATENCY = "without a recent latency measurement";
    static final String BELOW_MIN_RELIABILITY = "below the minimum host reliability";
    static final String RELIABILITY_UNKNOWN = "without a host reliability score (only marketplaces score hosts)";

    private final int maxAlternatives;

    public RouteSelector(int maxAlternatives) {
        this.maxAlternatives = maxAlternatives;
    }

    /** How many alternatives an update lists besides the chosen endpoint. */
    public int maxAlternatives() {
        return maxAlternatives;
    }

    /** Whether latency can change the offer's eligibility for the policy (a limit, or measured latency required). */
    public static boolean usesLatency(RoutePolicy policy) {
        return policy.getMaxP99LatencyMs() != null || policy.getRequireMeasuredLatency();
    }

    /**
     * Whether the offer sells what the policy asks for (kind, GPU model or memory, model name), before any
     * other filter. A TOKENS route that allows self-hosting also matches every GPU offer.
     */
    public static boolean matchesProduct(RoutePolicy policy, OfferSnapshot offer) {
        if (SelfHosting.isCandidate(policy, offer)) {
            return true;
        }
        if (offer.workloadKind() != policy.getKind()) {
            return false;
        }
        if (policy.getKind() == WorkloadKind.TOKENS) {
            return policy.getModel() != null && policy.getModel().equalsIgnoreCase(offer.product());
        }
        if (policy.getGpuModel() != null && !policy.getGpuModel().equalsIgnoreCase(offer.gpuModel())) {
            return false;
        }
        if (policy.getMinGpuMemoryGb() != null && offer.gpuMemoryGb() < policy.getMinGpuMemoryGb()) {
            return false;
        }
        return policy.getMinGpuCount() == null || offer.gpuCount() >= policy.getMinGpuCount();
    }

    /**
     * The policy's price for the offer: USD per GPU-hour, or USD per million tokens in the policy's mix
     * (for a GPU offer of a self-hosting route, from the throughput of its instance; infinite when the
     * instance cannot serve the model).
     */
    public static double effectivePrice(RoutePolicy policy, OfferSnapshot offer) {
        if (SelfHosting.isCandidate(policy, offer)) {
            return SelfHosting.usdPerMillionTokens(policy, offer);
        }
        return policy.getKind() == WorkloadKind.TOKENS
                ? PricePoint.blended(
                        offer.usdPerMillionInput(), offer.usdPerMillionOutput(), policy.getInputOutputRatio())
                : offer.usdPerGpuHour();
    }

    /**
     * Why a product-matching offer is not eligible, or empty when it is. An offer that expired or was
     * withdrawn never is. Unknown latency (null: none measured, or stale) counts as within the limit
     * unless the policy requires measured latency. A minimum reliability fails closed like residency: an
     * offer whose source gives no reliability score (every cloud, catalog and token API) is not eligible.
     */
    public static Optional<String> whyIneligible(RoutePolicy policy, OfferSnapshot offer, LatestLatency latency) {
        switch (offer.status()) {
            case EXPIRED:
                return Optional.of(EXPIRED);
            case WITHDRAWN:
                return Optional.of(WITHDRAWN);
            default:
                break;
        }
        if (!policy.getPricingModels().isEmpty()
                && (offer.pricingModel() == null
                        || !policy.getPricingModels().contains(PricingModel.valueOf(offer.pricingModel())))) {
            return Optional.of(PRICING_MODEL);
        }
        if (!policy.getAllowedRegions().isEmpty()
                && (offer.region() == null || !containsIgnoreCase(policy.getAllowedRegions(), offer.region()))) {
            return Optional.of(REGION);
        }
        if ((!policy.getAllowedProviders().isEmpty()
                        && !containsIgnoreCase(policy.getAllowedProviders(), offer.provider()))
                || containsIgnoreCase(policy.getExcludedProviders(), offer.provider())) {
            return Optional.of(PROVIDER);
        }
        for (CharSequence tag : policy.getRequiredTags()) {
            if (!containsIgnoreCase(offer.tags(), tag.toString())) {
                // Same exclusion either way (fail closed); the reason tells a missing fact from a wrong place.
                return Optional.of(
                        Jurisdictions.isResidencyTag(tag) && !Jurisdictions.hasResidency(offer.tags())
                                ? RESIDENCY_UNKNOWN
                                : TAGS);
            }
        }
        if (policy.getMinReliability() != null) {
            if (offer.reliability() == null) {
                return Optional.of(RELIABILITY_UNKNOWN);
            }
            if (offer.reliability() < policy.getMinReliability()) {
                return Optional.of(BELOW_MIN_RELIABILITY);
            }
        }
        if (SelfHosting.isCandidate(policy, offer)) {
            Optional<String> cannotServe = SelfHosting.whyNot(policy, offer);
            if (cannotServe.isPresent()) {
                return cannotServe;
            }
        }
        if (policy.getMaxPrice() != null && effectivePrice(policy, offer) > policy.getMaxPrice()) {
            return Optional.of(OVER_PRICE);
        }
        if (latency == null && policy.getRequireMeasuredLatency()) {
            return Optional.of(NO_MEASURED_LATENCY);
        }
        if (policy.getMaxP99LatencyMs() != null && latency != null && latency.p99Ms() > policy.getMaxP99LatencyMs()) {
            return Optional.of(OVER_LATENCY);
        }
        return Optional.empty();
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
                            ? noRoute(
                                    policy,
                                    eval,
                                    null,
                                    "new policy; NO_ROUTE: " + eval.noRouteCause(describe(policy)),
                                    now)
                            : routed(policy, eval, best, null, "new policy: cheapest eligible endpoint", now));
        }
        RouteCandidate chosen = current.getStatus() == RouteStatus.ROUTED ? current.getChosen() : null;
        RouteCandidate previous = chosen == null ? null : repriced(policy, chosen, previousOffer, previousLatency);
        if (best == null) {
            return chosen == null
                    ? Optional.empty()
                    : Optional.of(
                            noRoute(policy, eval, previous, "NO_ROUTE: " + eval.noRouteCause(describe(policy)), now));
        }
        if (chosen == null) {
            return Optional.of(routed(
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
                    : whyIneligible(policy, previousOffer, previousLatency).orElse("no longer eligible");
            return Optional.of(routed(policy, eval, best, previous, "previous choice ineligible (" + why + ")", now));
        }
        if (best == stillEligible.get()) {
            return Optional.empty();
        }
        double currentPrice = stillEligible.get().getEffectivePrice();
        if (policyChanged) {
            return best.getEffectivePrice() < currentPrice
                    ? Optional.of(
                            routed(policy, eval, best, previous, "policy updated: cheaper eligible endpoint", now))
                    : Optional.empty();
        }
        double savingPct = (currentPrice - best.getEffectivePrice()) / currentPrice * 100;
        boolean beyondHysteresis = savingPct > 0 && savingPct >= policy.getHysteresisPct();
        boolean dwelt = now - current.getDecidedAt().toEpochMilli() >= policy.getMinDwellMs();
        if (beyondHysteresis && dwelt) {
            return Optional.of(routed(
                    policy,
                    eval,
                    best,
                    previous,
                    String.format(
                            java.util.Locale.ROOT,
                            "cheaper endpoint: %.2f%% below the current choice (hysteresis %.2f%%)",
                            savingPct,
                            policy.getHysteresisPct()),
                    now));
        }
        return Optional.empty();
    }

    /** The previous choice priced as of now when its offer is still known, else as it was last published. */
    private static RouteCandidate repriced(
            RoutePolicy policy, RouteCandidate chosen, OfferSnapshot offer, LatestLatency latency) {
        if (offer == null || !matchesProduct(policy, offer) || Double.isInfinite(effectivePrice(policy, offer))) {
            return chosen;
        }
        return RouteCandidate.newBuilder(chosen)
                .setEffectivePrice(effectivePrice(policy, offer))
                .setSelfHost(SelfHosting.isCandidate(policy, offer) ? SelfHosting.estimate(policy, offer) : null)
                .setP99LatencyMs(latency == null ? chosen.getP99LatencyMs() : Double.valueOf(latency.p99Ms()))
                .build();
    }

    private RouteUpdate routed(
            RoutePolicy policy,
            Evaluation eval,
            RouteCandidate best,
            RouteCandidate previous,
            String reason,
            long now) {
        List<RouteCandidate> alternatives = eval.eligible().stream()
                .filter(c -> c != best)
                .limit(maxAlternatives)
                .toList();
        Double saving = previous == null ? null : previous.getEffectivePrice() - best.getEffectivePrice();
        Double savingPct = previous == null || previous.getEffectivePrice() == 0
                ? null
                : saving / previous.getEffectivePrice() * 100;
        return RouteUpdate.newBuilder()
                .setRouteId(policy.getRouteId())
                .setStatus(RouteStatus.ROUTED)
                .setChosen(best)
                .setAlternatives(alternatives)
                .setPriceUnit(priceUnit(policy))
                .setReason(reason)
                .setPrevious(previous)
                .setSavingPerUnit(saving)
                .setSavingPct(savingPct)
                .setDecidedAt(Instant.ofEpochMilli(now))
                .build();
    }

    private static RouteUpdate noRoute(
            RoutePolicy policy, Evaluation eval, RouteCandidate previous, String reason, long now) {
        return RouteUpdate.newBuilder()
                .setRouteId(policy.getRouteId())
                .setStatus(RouteStatus.NO_ROUTE)
                .setChosen(null)
                .setAlternatives(List.of())
                .setPriceUnit(priceUnit(policy))
                .setReason(reason)
                .setPrevious(previous)
                .setSavingPerUnit(null)
                .setSavingPct(null)
                .setDecidedAt(Instant.ofEpochMilli(now))
                .build();
    }

    /**
     * The update for a route whose new policy was refused: the owner's intent cannot be followed,
     * and keeping the old policy would route on rules the owner replaced, so the route stops and says why.
     */
    static RouteUpdate refused(String routeId, RoutePolicy oldPolicy, RouteUpdate current, String problems, long now) {
        return RouteUpdate.newBuilder()
                .setRouteId(routeId)
                .setStatus(RouteStatus.NO_ROUTE)
                .setChosen(null)
                .setAlternatives(List.of())
                .setPriceUnit(
                        oldPolicy == null ? (current == null ? "" : current.getPriceUnit()) : priceUnit(oldPolicy))
                .setReason("policy refused: " + problems)
                .setPrevious(current == null ? null : current.getChosen())
                .setSavingPerUnit(null)
                .setSavingPct(null)
                .setDecidedAt(Instant.ofEpochMilli(now))
                .build();
    }

    /** The offer as a route candidate priced for the policy (the endpoint, its effective price, latency, self-hosting). */
    public static RouteCandidate candidate(RoutePolicy policy, OfferSnapshot offer, LatestLatency latency) {
        Endpoint endpoint = Endpoint.newBuilder()
                .setOfferId(offer.offerId())
                .setKind(offer.workloadKind())
                .setProvider(offer.provider())
                .setRegion(offer.region())
                .setZone(offer.zone())
                .setProduct(offer.product())
                .setPricingModel(offer.pricingModel() == null ? null : PricingModel.valueOf(offer.pricingModel()))
                .build();
        return RouteCandidate.newBuilder()
                .setEndpoint(endpoint)
                .setEffectivePrice(effectivePrice(policy, offer))
                .setP99LatencyMs(latency == null ? null : latency.p99Ms())
                .setSelfHost(SelfHosting.isCandidate(policy, offer) ? SelfHosting.estimate(policy, offer) : null)
                .build();
    }

    public static String priceUnit(RoutePolicy policy) {
        if (policy.getKind() == WorkloadKind.GPU_HOURS) {
            return PricePoint.USD_PER_GPU_HOUR;
        }
        return String.format(
                java.util.Locale.ROOT, "USD/1M tokens (blended %s:1 input:output)", trim(policy.getInputOutputRatio()));
    }

    private static String trim(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }

    static String describe(RoutePolicy policy) {
        if (policy.getKind() == WorkloadKind.TOKENS) {
            return "model " + policy.getModel()
                    + (policy.getSelfHost() == null ? "" : " (per-token APIs or self-hosted on GPU offers)");
        }
        StringBuilder sb = new StringBuilder("GPU ");
        sb.append(policy.getGpuModel() == null ? "any model" : policy.getGpuModel());
        if (policy.getMinGpuMemoryGb() != null) {
            sb.append(" with >= ").append(policy.getMinGpuMemoryGb()).append(" GiB");
        }
        if (policy.getMinGpuCount() != null) {
            sb.append(", >= ").append(policy.getMinGpuCount()).append(" GPUs");
        }
        return sb.toString();
    }

    private static boolean containsIgnoreCase(Collection<? extends CharSequence> values, String wanted) {
        for (CharSequence v : values) {
            if (v.toString().equalsIgnoreCase(wanted)) {
                return true;
            }
        }
        return false;
    }
}
