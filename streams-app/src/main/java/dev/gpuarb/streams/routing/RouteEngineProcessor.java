package dev.gpuarb.streams.routing;

import dev.gpuarb.avro.RoutePolicy;
import dev.gpuarb.avro.RouteStatus;
import dev.gpuarb.avro.RouteUpdate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Keeps offers, latencies, policies and the current choice per route in state stores, and re-decides
 * the routes an input can affect. Emits a RouteUpdate (keyed by route id) only when a choice changes,
 * and a tombstone when a policy is deleted.
 *
 * <p>A {@link RouteIndex} keeps each route's eligible offers ranked by price, so a price tick costs
 * store reads per route it touches, not a pass over every offer; only a new or changed policy reads
 * offers, those of its product ({@link OffersByProduct}), to build its route's index. Decisions are the same as evaluating every offer with
 * {@link RouteSelector#evaluate} on each input.
 */
public final class RouteEngineProcessor implements Processor<String, RouteInput, String, RouteUpdate> {

    private final RouteSelector selector;
    private ProcessorContext<String, RouteUpdate> context;
    private KeyValueStore<String, OfferSnapshot> offers;
    private KeyValueStore<String, LatestLatency> latency;
    private KeyValueStore<String, RoutePolicy> policies;
    private KeyValueStore<String, RouteUpdate> decisions;
    private RouteIndex index;
    private OffersByProduct byProduct;

    public RouteEngineProcessor(RouteSelector selector) {
        this.selector = selector;
    }

    @Override
    public void init(ProcessorContext<String, RouteUpdate> context) {
        this.context = context;
        this.offers = context.getStateStore(RouteStores.OFFERS);
        this.latency = context.getStateStore(RouteStores.LATENCY);
        this.policies = context.getStateStore(RouteStores.POLICIES);
        this.decisions = context.getStateStore(RouteStores.DECISIONS);
        this.index = new RouteIndex(context.getStateStore(RouteStores.CANDIDATES), context.getStateStore(RouteStores.INDEXED));
        this.byProduct = new OffersByProduct(context.getStateStore(RouteStores.OFFERS_BY_PRODUCT));
    }

    @Override
    public void process(Record<String, RouteInput> record) {
        if (record.value() instanceof RouteInput.OfferChanged changed) {
            onOffer(changed.offer(), record.timestamp());
        } else if (record.value() instanceof RouteInput.LatencyChanged changed) {
            onLatency(LatestLatency.of(changed.summary()), changed.summary().getEndpointId(), record.timestamp());
        } else if (record.value() instanceof RouteInput.PolicyChanged changed) {
            onPolicy(changed.routeId(), changed.policy(), record.timestamp());
        } else if (record.value() instanceof RouteInput.PolicyRefused refused) {
            onRefusedPolicy(refused.routeId(), refused.problems(), record.timestamp());
        }
    }

    private void onOffer(OfferSnapshot offer, long now) {
        OfferSnapshot known = offers.get(offer.offerId());
        if (known != null && known.observedAt() > offer.observedAt()) {
            return; // an out-of-order older price must not overwrite a newer one
        }
        offers.put(offer.offerId(), offer);
        byProduct.onOffer(known, offer);
        LatestLatency offerLatency = latency.get(offer.offerId());
        for (KeyValue<String, RoutePolicy> route : allPolicies()) {
            boolean touches = RouteSelector.matchesProduct(route.value, offer);
            boolean matchedBefore = known != null && RouteSelector.matchesProduct(route.value, known);
            if ((touches || matchedBefore) && ensureIndexed(route.key, route.value)) {
                index.update(route.key, route.value, offer.offerId(), offer, offerLatency);
            }
            // The current choice always matched the offer as last stored (a choice that stops matching is
            // replaced on that very input), so only such an offer can be it: no decision read for the rest.
            if (touches || (matchedBefore && isCurrentChoice(route.key, offer.offerId()))) {
                decide(route.key, route.value, false, now);
            }
        }
    }

    private void onLatency(LatestLatency summary, String endpointId, long now) {
        LatestLatency known = latency.get(endpointId);
        if (known != null && known.windowEnd() > summary.windowEnd()) {
            return;
        }
        latency.put(endpointId, summary);
        OfferSnapshot offer = offers.get(endpointId);
        for (KeyValue<String, RoutePolicy> route : allPolicies()) {
            // Latency only decides eligibility under a latency limit; elsewhere it is shown, not used.
            boolean touches = route.value.getMaxP99LatencyMs() != null && offer != null
                    && RouteSelector.matchesProduct(route.value, offer);
            if (touches && ensureIndexed(route.key, route.value)) {
                index.update(route.key, route.value, endpointId, offer, summary);
            }
            if (touches || isCurrentChoice(route.key, endpointId)) {
                decide(route.key, route.value, false, now);
            }
        }
    }

    private void onPolicy(String routeId, RoutePolicy policy, long now) {
        if (policy == null) {
            policies.delete(routeId);
            index.clear(routeId);
            if (decisions.delete(routeId) != null) {
                context.forward(new Record<>(routeId, null, now));
            }
            return;
        }
        RoutePolicy old = policies.get(routeId);
        if (Objects.equals(old, policy)) {
            return; // a re-delivered policy changes nothing
        }
        policies.put(routeId, policy);
        buildIndex(routeId, policy);
        decide(routeId, policy, true, now);
    }

    private void onRefusedPolicy(String routeId, String problems, long now) {
        RoutePolicy old = policies.delete(routeId);
        index.clear(routeId);
        RouteUpdate current = decisions.get(routeId);
        RouteUpdate update = RouteSelector.refused(routeId, old, current, problems, now);
        decisions.put(routeId, update);
        context.forward(new Record<>(routeId, update, now));
    }

    /**
     * Builds the route's index if state from before the index holds the route without one.
     * Returns false when it was built just now: the build already reflects the current offer.
     */
    private boolean ensureIndexed(String routeId, RoutePolicy policy) {
        if (index.isBuilt(routeId)) {
            return true;
        }
        buildIndex(routeId, policy);
        return false;
    }

    private void buildIndex(String routeId, RoutePolicy policy) {
        index.clear(routeId);
        byProduct.forEachCandidate(policy, offers, offer -> index.add(routeId, policy, offer, latency.get(offer.offerId())));
        index.markBuilt(routeId);
    }

    private List<KeyValue<String, RoutePolicy>> allPolicies() {
        List<KeyValue<String, RoutePolicy>> all = new ArrayList<>();
        try (KeyValueIterator<String, RoutePolicy> it = policies.all()) {
            it.forEachRemaining(all::add);
        }
        return all;
    }

    private boolean isCurrentChoice(String routeId, String offerId) {
        RouteUpdate current = decisions.get(routeId);
        return current != null && current.getStatus() == RouteStatus.ROUTED
                && current.getChosen().getEndpoint().getOfferId().equals(offerId);
    }

    private void decide(String routeId, RoutePolicy policy, boolean policyChanged, long now) {
        ensureIndexed(routeId, policy);
        RouteUpdate current = decisions.get(routeId);
        String previousId = current == null || current.getChosen() == null ? null : current.getChosen().getEndpoint().getOfferId();
        OfferSnapshot previousOffer = previousId == null ? null : offers.get(previousId);
        LatestLatency previousLatency = previousOffer == null ? null : latency.get(previousId);
        Evaluation evaluation = index.evaluate(routeId, policy, selector.maxAlternatives() + 1,
                current != null && current.getStatus() == RouteStatus.ROUTED ? previousId : null, offers::get, latency::get);
        Optional<RouteUpdate> update = selector.decide(policy, evaluation, current, policyChanged && current != null, now,
                previousOffer, previousLatency);
        update.ifPresent(u -> {
            decisions.put(routeId, u);
            context.forward(new Record<>(routeId, u, now));
        });
    }
}
