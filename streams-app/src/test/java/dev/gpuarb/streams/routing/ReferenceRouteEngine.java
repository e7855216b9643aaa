package dev.gpuarb.streams.routing;

import dev.gpuarb.avro.RoutePolicy;
import dev.gpuarb.avro.RouteStatus;
import dev.gpuarb.avro.RouteUpdate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The route engine as it was before its index: every decision evaluates every offer in the store with
 * {@link FullScan#evaluate}. The oracle the indexed engine is compared with; it follows the same
 * rules (offer liveness included: expiry checked by a full pass before each input) the simplest way.
 */
final class ReferenceRouteEngine implements Processor<String, RouteInput, String, RouteUpdate> {

    private final RouteSelector selector;
    private ProcessorContext<String, RouteUpdate> context;
    private KeyValueStore<String, OfferSnapshot> offers;
    private KeyValueStore<String, LatestLatency> latency;
    private KeyValueStore<String, RoutePolicy> policies;
    private KeyValueStore<String, RouteUpdate> decisions;

    ReferenceRouteEngine(RouteSelector selector) {
        this.selector = selector;
    }

    @Override
    public void init(ProcessorContext<String, RouteUpdate> context) {
        this.context = context;
        this.offers = context.getStateStore(RouteStores.OFFERS);
        this.latency = context.getStateStore(RouteStores.LATENCY);
        this.policies = context.getStateStore(RouteStores.POLICIES);
        this.decisions = context.getStateStore(RouteStores.DECISIONS);
    }

    @Override
    public void process(Record<String, RouteInput> record) {
        long wallNow = context.currentSystemTimeMs();
        expireBefore(wallNow);
        if (record.value() instanceof RouteInput.OfferChanged changed) {
            onOffer(changed.offer(), record.timestamp(), wallNow);
        } else if (record.value() instanceof RouteInput.LatencyChanged changed) {
            onLatency(LatestLatency.of(changed.summary()), changed.summary().getEndpointId(), record.timestamp());
        } else if (record.value() instanceof RouteInput.PolicyChanged changed) {
            onPolicy(changed.routeId(), changed.policy(), record.timestamp());
        } else if (record.value() instanceof RouteInput.PolicyRefused refused) {
            RoutePolicy old = policies.delete(refused.routeId());
            RouteUpdate update = RouteUpdates.refused(
                    refused.routeId(), old, decisions.get(refused.routeId()), refused.problems(), record.timestamp());
            decisions.put(refused.routeId(), update);
            context.forward(new Record<>(refused.routeId(), update, record.timestamp()));
        } else if (record.value() instanceof RouteInput.RouteMoved moved) {
            // The route starts afresh elsewhere: forgotten here without an update.
            policies.delete(moved.routeId());
            decisions.delete(moved.routeId());
        }
    }

    /** Offers whose validUntil passed become EXPIRED, earliest deadline first, each re-deciding its routes then. */
    private void expireBefore(long wallNow) {
        List<OfferSnapshot> expiring = new ArrayList<>();
        try (KeyValueIterator<String, OfferSnapshot> it = offers.all()) {
            it.forEachRemaining(kv -> {
                if (kv.value.status() == OfferSnapshot.Status.LIVE
                        && kv.value.validUntil() != null
                        && kv.value.validUntil() < wallNow) {
                    expiring.add(kv.value);
                }
            });
        }
        expiring.sort(
                java.util.Comparator.comparingLong(OfferSnapshot::validUntil).thenComparing(OfferSnapshot::offerId));
        for (OfferSnapshot offer : expiring) {
            offers.put(offer.offerId(), offer.withStatus(OfferSnapshot.Status.EXPIRED));
            reevaluateAffected(
                    offer.offerId(), policy -> Eligibility.matchesProduct(policy, offer), offer.validUntil());
        }
    }

    private void onOffer(OfferSnapshot incoming, long now, long wallNow) {
        OfferSnapshot known = offers.get(incoming.offerId());
        if (known != null && known.observedAt() > incoming.observedAt()) {
            return; // an out-of-order older price must not overwrite a newer one
        }
        OfferSnapshot offer = incoming;
        // The same price again (same time, neither a withdrawal) may extend its deadline, never shorten it.
        if (known != null
                && known.observedAt() == incoming.observedAt()
                && known.status() != OfferSnapshot.Status.WITHDRAWN
                && incoming.status() != OfferSnapshot.Status.WITHDRAWN
                && known.validUntil() != null
                && incoming.validUntil() != null
                && known.validUntil() > incoming.validUntil()) {
            offer = incoming.withValidUntil(known.validUntil());
        }
        if (offer.status() == OfferSnapshot.Status.LIVE && offer.validUntil() != null && offer.validUntil() < wallNow) {
            offer = offer.withStatus(OfferSnapshot.Status.EXPIRED);
        }
        offers.put(offer.offerId(), offer);
        OfferSnapshot stored = offer;
        reevaluateAffected(offer.offerId(), policy -> Eligibility.matchesProduct(policy, stored), now);
    }

    private void onLatency(LatestLatency summary, String endpointId, long now) {
        LatestLatency known = latency.get(endpointId);
        if (known != null && known.windowEnd() > summary.windowEnd()) {
            return;
        }
        latency.put(endpointId, summary);
        OfferSnapshot offer = offers.get(endpointId);
        reevaluateAffected(
                endpointId,
                policy -> Eligibility.usesLatency(policy) && offer != null && Eligibility.matchesProduct(policy, offer),
                now);
    }

    private void onPolicy(String routeId, RoutePolicy policy, long now) {
        if (policy == null) {
            policies.delete(routeId);
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
        decide(routeId, policy, snapshotOffers(), true, now);
    }

    /** Re-decides the routes whose product the input touches, plus those currently using the endpoint. */
    private void reevaluateAffected(String offerId, java.util.function.Predicate<RoutePolicy> touches, long now) {
        List<KeyValue<String, RoutePolicy>> affected = new ArrayList<>();
        try (KeyValueIterator<String, RoutePolicy> it = policies.all()) {
            while (it.hasNext()) {
                KeyValue<String, RoutePolicy> kv = it.next();
                if (touches.test(kv.value) || isCurrentChoice(kv.key, offerId)) {
                    affected.add(kv);
                }
            }
        }
        if (affected.isEmpty()) {
            return;
        }
        List<OfferSnapshot> allOffers = snapshotOffers();
        for (KeyValue<String, RoutePolicy> kv : affected) {
            decide(kv.key, kv.value, allOffers, false, now);
        }
    }

    private boolean isCurrentChoice(String routeId, String offerId) {
        RouteUpdate current = decisions.get(routeId);
        return current != null
                && current.getStatus() == RouteStatus.ROUTED
                && current.getChosen().getEndpoint().getOfferId().equals(offerId);
    }

    private void decide(
            String routeId, RoutePolicy policy, List<OfferSnapshot> allOffers, boolean policyChanged, long now) {
        Map<String, LatestLatency> latencies = new HashMap<>();
        for (OfferSnapshot o : allOffers) {
            LatestLatency l = latency.get(o.offerId());
            if (l != null) {
                latencies.put(o.offerId(), l);
            }
        }
        RouteUpdate current = decisions.get(routeId);
        OfferSnapshot previousOffer = null;
        LatestLatency previousLatency = null;
        if (current != null && current.getChosen() != null) {
            String previousId = current.getChosen().getEndpoint().getOfferId();
            previousOffer = offers.get(previousId);
            previousLatency = latencies.get(previousId);
        }
        Evaluation evaluation = FullScan.evaluate(policy, allOffers, latencies);
        Optional<RouteUpdate> update = selector.decide(
                policy, evaluation, current, policyChanged && current != null, now, previousOffer, previousLatency);
        update.ifPresent(u -> {
            decisions.put(routeId, u);
            context.forward(new Record<>(routeId, u, now));
        });
    }

    private List<OfferSnapshot> snapshotOffers() {
        List<OfferSnapshot> all = new ArrayList<>();
        try (KeyValueIterator<String, OfferSnapshot> it = offers.all()) {
            it.forEachRemaining(kv -> all.add(kv.value));
        }
        return all;
    }
}
