package dev.gpuarb.streams.routing;

import dev.gpuarb.avro.PricingModel;
import dev.gpuarb.avro.RoutePolicy;
import dev.gpuarb.avro.WorkloadKind;
import dev.gpuarb.streams.common.PricePoint;
import dev.gpuarb.vocab.Jurisdictions;
import java.util.Collection;
import java.util.Optional;

/**
 * Which offers a route policy may use and what they cost in its unit: the product it asks for, then
 * the filters (pricing model, region, provider, residency tags, host reliability, liveness, latency,
 * price cap), each with the reason a NO_ROUTE gives when it removes an offer. Free of Kafka and of
 * time: the same offer, latency and policy always give the same answer.
 */
public final class Eligibility {

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

    private Eligibility() {}

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

    private static boolean containsIgnoreCase(Collection<? extends CharSequence> values, String wanted) {
        for (CharSequence v : values) {
            if (v.toString().equalsIgnoreCase(wanted)) {
                return true;
            }
        }
        return false;
    }
}
