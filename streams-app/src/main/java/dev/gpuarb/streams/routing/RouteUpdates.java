package dev.gpuarb.streams.routing;

import dev.gpuarb.avro.Endpoint;
import dev.gpuarb.avro.PricingModel;
import dev.gpuarb.avro.RouteCandidate;
import dev.gpuarb.avro.RoutePolicy;
import dev.gpuarb.avro.RouteStatus;
import dev.gpuarb.avro.RouteUpdate;
import dev.gpuarb.avro.WorkloadKind;
import dev.gpuarb.streams.common.PricePoint;
import java.time.Instant;
import java.util.List;

/** The records a route decision publishes: candidates priced for a policy, ROUTED and NO_ROUTE updates. */
public final class RouteUpdates {

    private RouteUpdates() {}

    /** The previous choice priced as of now when its offer is still known, else as it was last published. */
    static RouteCandidate repriced(
            RoutePolicy policy, RouteCandidate chosen, OfferSnapshot offer, LatestLatency latency) {
        if (offer == null
                || !Eligibility.matchesProduct(policy, offer)
                || Double.isInfinite(Eligibility.effectivePrice(policy, offer))) {
            return chosen;
        }
        return RouteCandidate.newBuilder(chosen)
                .setEffectivePrice(Eligibility.effectivePrice(policy, offer))
                .setSelfHost(SelfHosting.isCandidate(policy, offer) ? SelfHosting.estimate(policy, offer) : null)
                .setP99LatencyMs(latency == null ? chosen.getP99LatencyMs() : Double.valueOf(latency.p99Ms()))
                .build();
    }

    static RouteUpdate routed(
            int maxAlternatives,
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

    static RouteUpdate noRoute(RoutePolicy policy, Evaluation eval, RouteCandidate previous, String reason, long now) {
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
                .setEffectivePrice(Eligibility.effectivePrice(policy, offer))
                .setP99LatencyMs(latency == null ? null : latency.p99Ms())
                .setSelfHost(SelfHosting.isCandidate(policy, offer) ? SelfHosting.estimate(policy, offer) : null)
                .build();
    }

    public static String priceUnit(RoutePolicy policy) {
        if (policy.getKind() == WorkloadKind.GPU_HOURS) {
            return PricePoint.USD_PER_GPU_HOUR;
        }
        return "USD/1M tokens (blended " + trim(policy.getInputOutputRatio()) + ":1 input:output)";
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
}
