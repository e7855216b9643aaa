package dev.gpuarb.streams.routing;

import dev.gpuarb.avro.RoutePolicy;
import dev.gpuarb.avro.RouteStatus;
import dev.gpuarb.avro.RouteUpdate;
import dev.gpuarb.streams.state.DecodedValues;
import java.util.Objects;
import java.util.Optional;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
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
 * <p>A {@link RouteIndex} keeps each route's eligible offers ranked by price, and a {@link PolicyDirectory}
 * the policies by home in memory, so a price tick costs store reads per route it touches, not a pass over
 * every offer or every policy; only a new or changed policy reads
 * offers, those of its product ({@link OffersByProduct}), to build its route's index. Decisions are the same as
 * checking every offer against the policy ({@link Eligibility}) on each input, which the tests' reference engine
 * does.
 *
 * <p>Liveness, by the wall clock ({@link LivenessRules}): before each input, and every check interval
 * between inputs, offers past their validUntil become EXPIRED, latency summaries past their maximum
 * age are dropped (unknown latency), and offers gone (expired or withdrawn) longer than the retention
 * are forgotten; the routes each change touches are re-decided like on a price change, so a route never
 * points at an offer that has expired. Event time still orders the inputs of one offer: a price or a
 * withdrawal older than the offer's latest is ignored. The schedule lives in memory ({@link Deadlines})
 * and is rebuilt from the stores when a task starts.
 *
 * <p>On several partitions, each engine holds the routes and offers of the products homed on it
 * ({@link RouteHomes}); a route whose policy changes product leaves one engine ({@link RouteInput.RouteMoved})
 * and starts afresh on another.
 */
public final class RouteEngineProcessor implements Processor<String, RouteInput, String, RouteUpdate> {

    /** Per task: the offers and routes that tick most; a miss costs one decode. */
    static final int DECODED_OFFERS = 4096;

    static final int DECODED_DECISIONS = 1024;

    private final RouteSelector selector;
    private final LivenessRules liveness;
    /** Whether each decision asks for a commit at once (see AppConfig.ROUTING_COMMIT_ON_DECISION). */
    private final boolean commitOnDecision;

    private ProcessorContext<String, RouteUpdate> context;
    /** Offers and decisions are read on every price of a route's product; kept decoded, written through. */
    private DecodedValues<OfferSnapshot> offers;

    private KeyValueStore<String, OfferSnapshot> offerStore;
    private KeyValueStore<String, LatestLatency> latency;
    private PolicyDirectory policies;
    private DecodedValues<RouteUpdate> decisions;
    private KeyValueStore<String, String> elsewhere;
    private RouteIndex index;
    private OffersByProduct byProduct;
    /** Null until the first input or check after the task started; then rebuilt from the stores. */
    private Deadlines deadlines;

    public RouteEngineProcessor(RouteSelector selector) {
        this(selector, LivenessRules.DEFAULTS);
    }

    public RouteEngineProcessor(RouteSelector selector, LivenessRules liveness) {
        this(selector, liveness, false);
    }

    public RouteEngineProcessor(RouteSelector selector, LivenessRules liveness, boolean commitOnDecision) {
        this.selector = selector;
        this.liveness = liveness;
        this.commitOnDecision = commitOnDecision;
    }

    @Override
    public void init(ProcessorContext<String, RouteUpdate> context) {
        this.context = context;
        this.offerStore = context.getStateStore(RouteStores.OFFERS);
        this.offers = new DecodedValues<>(offerStore, DECODED_OFFERS);
        this.latency = context.getStateStore(RouteStores.LATENCY);
        this.policies = new PolicyDirectory(context.getStateStore(RouteStores.POLICIES));
        this.decisions = new DecodedValues<>(context.getStateStore(RouteStores.DECISIONS), DECODED_DECISIONS);
        this.elsewhere = context.getStateStore(RouteStores.ELSEWHERE);
        this.index = new RouteIndex(
                context.getStateStore(RouteStores.CANDIDATES), context.getStateStore(RouteStores.INDEXED));
        this.byProduct = new OffersByProduct(context.getStateStore(RouteStores.OFFERS_BY_PRODUCT));
        this.deadlines = null;
        context.schedule(liveness.checkInterval(), PunctuationType.WALL_CLOCK_TIME, this::ageBy);
    }

    @Override
    public void process(Record<String, RouteInput> record) {
        long wallNow = context.currentSystemTimeMs();
        ageBy(wallNow);
        if (record.value() instanceof RouteInput.OfferChanged changed) {
            onOffer(changed.offer(), record.timestamp(), wallNow);
        } else if (record.value() instanceof RouteInput.LatencyChanged changed) {
            onLatency(
                    LatestLatency.of(changed.summary()),
                    changed.summary().getEndpointId(),
                    record.timestamp(),
                    wallNow);
        } else if (record.value() instanceof RouteInput.PolicyChanged changed) {
            onPolicy(changed.routeId(), changed.policy(), record.timestamp());
        } else if (record.value() instanceof RouteInput.PolicyRefused refused) {
            onRefusedPolicy(refused.routeId(), refused.problems(), record.timestamp());
        } else if (record.value() instanceof RouteInput.RouteMoved moved) {
            forgetRoute(moved.routeId());
        } else if (record.value() instanceof RouteInput.RouteHomed homed) {
            if (homed.home() == null) {
                elsewhere.delete(homed.routeId());
            } else {
                elsewhere.put(homed.routeId(), homed.home());
            }
        }
    }

    /** The route lives in another partition now: drop its state here; its new home publishes. */
    private void forgetRoute(String routeId) {
        policies.delete(routeId);
        index.clear(routeId);
        decisions.delete(routeId);
    }

    private void onOffer(OfferSnapshot incoming, long now, long wallNow) {
        OfferSnapshot known = offers.get(incoming.offerId());
        if (known != null && known.observedAt() > incoming.observedAt()) {
            return; // an out-of-order older price must not overwrite a newer one
        }
        OfferSnapshot offer = keepLaterDeadline(known, incoming);
        if (offer.expiredAt(wallNow)) {
            offer = offer.withStatus(OfferSnapshot.Status.EXPIRED); // e.g. a backlog read after downtime
        }
        changeOffer(known, offer, now);
    }

    /**
     * A price of the same time as the one stored is the same price re-delivered or re-confirmed: it may
     * extend the deadline, never shorten it (a re-delivered older confirmation must not expire it early).
     */
    private static OfferSnapshot keepLaterDeadline(OfferSnapshot known, OfferSnapshot incoming) {
        if (known == null
                || known.observedAt() != incoming.observedAt()
                || incoming.status() == OfferSnapshot.Status.WITHDRAWN
                || known.status() == OfferSnapshot.Status.WITHDRAWN
                || incoming.validUntil() == null
                || known.validUntil() == null
                || known.validUntil() <= incoming.validUntil()) {
            return incoming;
        }
        return incoming.withValidUntil(known.validUntil());
    }

    private void changeOffer(OfferSnapshot known, OfferSnapshot offer, long now) {
        offers.put(offer.offerId(), offer);
        scheduleOffer(offer);
        byProduct.onOffer(known, offer);
        LatestLatency offerLatency = latency.get(offer.offerId());
        String home = RouteHomes.of(offer);
        String homeBefore = known == null ? null : RouteHomes.of(known);
        for (KeyValue<String, RoutePolicy> route :
                policies.forOffer(home, home.equals(homeBefore) ? null : homeBefore)) {
            boolean touches = Eligibility.matchesProduct(route.value, offer);
            boolean matchedBefore = known != null && Eligibility.matchesProduct(route.value, known);
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

    private void onLatency(LatestLatency summary, String endpointId, long now, long wallNow) {
        LatestLatency known = latency.get(endpointId);
        if (known != null && known.windowEnd() > summary.windowEnd()) {
            return;
        }
        if (liveness.latencyStaleAt(summary, wallNow)) {
            return; // too old to count as a measurement; a stored older one goes at its own deadline
        }
        latency.put(endpointId, summary);
        deadlines().schedule(Deadlines.Kind.STALE_LATENCY, endpointId, liveness.latencyStaleAfter(summary));
        latencyChanged(endpointId, summary, now);
    }

    /** Re-ranks and re-decides the routes whose eligibility the endpoint's latency (null: unknown) can change. */
    private void latencyChanged(String endpointId, LatestLatency summary, long now) {
        OfferSnapshot offer = offers.get(endpointId);
        for (KeyValue<String, RoutePolicy> route : policies.every()) {
            // Latency only decides eligibility under a latency rule; elsewhere it is shown, not used.
            boolean touches = Eligibility.usesLatency(route.value)
                    && offer != null
                    && Eligibility.matchesProduct(route.value, offer);
            if (touches && ensureIndexed(route.key, route.value)) {
                index.update(route.key, route.value, endpointId, offer, summary);
            }
            if (touches || isCurrentChoice(route.key, endpointId)) {
                decide(route.key, route.value, false, now);
            }
        }
    }

    /** Applies every deadline before {@code wallNow}: expiries, stale latencies, gone offers forgotten. */
    private void ageBy(long wallNow) {
        for (Deadlines.Due due : deadlines().takeBefore(wallNow)) {
            switch (due.kind()) {
                case EXPIRE -> {
                    OfferSnapshot offer = offers.get(due.id());
                    if (offer != null && offer.expiredAt(wallNow)) {
                        // The decision is dated when the price stopped holding, not when this check ran.
                        changeOffer(offer, offer.withStatus(OfferSnapshot.Status.EXPIRED), due.at());
                    }
                }
                case FORGET -> {
                    OfferSnapshot offer = offers.get(due.id());
                    if (offer != null && offer.status() != OfferSnapshot.Status.LIVE) {
                        forget(offer);
                    }
                }
                case STALE_LATENCY -> {
                    LatestLatency known = latency.get(due.id());
                    if (known != null && liveness.latencyStaleAt(known, wallNow)) {
                        latency.delete(due.id());
                        latencyChanged(due.id(), null, due.at());
                    }
                }
            }
        }
    }

    /** Removes a gone offer from every store; no route can have it as its choice. */
    private void forget(OfferSnapshot offer) {
        offers.delete(offer.offerId());
        byProduct.onForget(offer);
        for (KeyValue<String, RoutePolicy> route : policies.forOffer(RouteHomes.of(offer), null)) {
            if (Eligibility.matchesProduct(route.value, offer) && ensureIndexed(route.key, route.value)) {
                index.update(route.key, route.value, offer.offerId(), null, null);
            }
        }
    }

    private void scheduleOffer(OfferSnapshot offer) {
        Deadlines schedule = deadlines();
        if (offer.status() == OfferSnapshot.Status.LIVE) {
            schedule.cancel(Deadlines.Kind.FORGET, offer.offerId());
            if (offer.validUntil() == null) {
                schedule.cancel(Deadlines.Kind.EXPIRE, offer.offerId());
            } else {
                schedule.schedule(Deadlines.Kind.EXPIRE, offer.offerId(), offer.validUntil());
            }
        } else {
            schedule.cancel(Deadlines.Kind.EXPIRE, offer.offerId());
            schedule.schedule(Deadlines.Kind.FORGET, offer.offerId(), liveness.forgetAfter(offer));
        }
    }

    /** The schedule, rebuilt from the offer and latency stores the first time it is needed after a start. */
    private Deadlines deadlines() {
        if (deadlines == null) {
            deadlines = new Deadlines();
            try (KeyValueIterator<String, OfferSnapshot> all = offerStore.all()) {
                all.forEachRemaining(kv -> scheduleOffer(kv.value));
            }
            try (KeyValueIterator<String, LatestLatency> all = latency.all()) {
                all.forEachRemaining(kv ->
                        deadlines.schedule(Deadlines.Kind.STALE_LATENCY, kv.key, liveness.latencyStaleAfter(kv.value)));
            }
        }
        return deadlines;
    }

    private void onPolicy(String routeId, RoutePolicy policy, long now) {
        if (policy == null) {
            policies.delete(routeId);
            index.clear(routeId);
            if (decisions.delete(routeId) != null) {
                emit(routeId, null, now);
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
        RouteUpdate update = RouteUpdates.refused(routeId, old, current, problems, now);
        decisions.put(routeId, update);
        emit(routeId, update, now);
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
        byProduct.forEachCandidate(
                policy, offerStore, offer -> index.add(routeId, policy, offer, latency.get(offer.offerId())));
        index.markBuilt(routeId);
    }

    private boolean isCurrentChoice(String routeId, String offerId) {
        RouteUpdate current = decisions.get(routeId);
        return current != null
                && current.getStatus() == RouteStatus.ROUTED
                && current.getChosen().getEndpoint().getOfferId().equals(offerId);
    }

    private void decide(String routeId, RoutePolicy policy, boolean policyChanged, long now) {
        ensureIndexed(routeId, policy);
        RouteUpdate current = decisions.get(routeId);
        String previousId = current == null || current.getChosen() == null
                ? null
                : current.getChosen().getEndpoint().getOfferId();
        OfferSnapshot previousOffer = previousId == null ? null : offers.get(previousId);
        LatestLatency previousLatency = previousOffer == null ? null : latency.get(previousId);
        Evaluation evaluation = index.evaluate(
                routeId,
                policy,
                selector.maxAlternatives() + 1,
                current != null && current.getStatus() == RouteStatus.ROUTED ? previousId : null,
                offers::get,
                latency::get);
        Optional<RouteUpdate> update = selector.decide(
                policy, evaluation, current, policyChanged && current != null, now, previousOffer, previousLatency);
        update.ifPresent(u -> {
            decisions.put(routeId, u);
            emit(routeId, u, now);
        });
    }

    /**
     * Sends a decision (null: the route is gone). Under exactly-once a decision is visible when its
     * transaction commits; asking for the commit now saves up to a commit interval on every decision,
     * while prices that change nothing still commit at the interval. Kafka Streams takes the request
     * after the current round of processing, which is only a few records: when most inputs decide, the
     * application commits every few records (why it is off by default; see AppConfig).
     */
    private void emit(String routeId, RouteUpdate update, long now) {
        context.forward(new Record<>(routeId, update, now));
        if (commitOnDecision) {
            context.commit();
        }
    }
}
