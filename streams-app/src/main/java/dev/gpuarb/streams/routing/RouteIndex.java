package dev.gpuarb.streams.routing;

import dev.gpuarb.avro.RouteCandidate;
import dev.gpuarb.avro.RoutePolicy;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Per route, the offers of its product and whether each is eligible, kept up to date as offers,
 * latencies and policies change, so that a price tick costs a few lookups instead of a scan of
 * every offer. State:
 *
 * <ul>
 *   <li>{@link RouteStores#CANDIDATES}: route + offer id → the offer's {@link Candidacy} (eligible at
 *       a price, or excluded with a reason), one entry per offer of the route's product; changelogged,
 *       the source of truth;</li>
 *   <li>the ranking, in memory: per route, the price and offer id of its eligible offers in a sorted
 *       set, cheapest first, rebuilt from the route's candidates the first time the route is read
 *       after the task starts (so after a restore too);</li>
 *   <li>{@link RouteStores#INDEXED}: route → the index format, present once the route's entries were
 *       built (routes of state written before the index are built on first use).</li>
 * </ul>
 *
 * <p>Why the ranking is not a store: its keys move on every price change, and a RocksDB prefix scan
 * walks the deletion markers each move leaves until compaction, so the cheapest entry got slower to
 * find the longer prices had been changing. A sorted set costs O(log n) per change and per read
 * whatever the history; it is derived state, so it needs no changelog of its own.
 *
 * <p>The ranking order is {@link Candidacy.Ranked}'s: price as {@link Double#compare} orders it, then
 * offer id. Store keys begin with the route id's length, so no route's prefix is the start of another
 * route's keys.
 */
final class RouteIndex {

    static final String FORMAT = "1";
    private static final StringSerializer KEYS = new StringSerializer();

    private final KeyValueStore<String, Candidacy> candidates;
    private final KeyValueStore<String, String> indexed;
    /** route id → its eligible offers, cheapest first; a route is absent until first read. */
    private final Map<String, NavigableSet<Candidacy.Ranked>> rankings = new HashMap<>();
    /**
     * Routes known to be built, so that a tick reads the built mark from the store once per route and task
     * rather than on every input (the mark only matters for routes of state written before the index).
     */
    private final Set<String> built = new HashSet<>();

    RouteIndex(KeyValueStore<String, Candidacy> candidates, KeyValueStore<String, String> indexed) {
        this.candidates = candidates;
        this.indexed = indexed;
    }

    boolean isBuilt(String routeId) {
        if (built.contains(routeId)) {
            return true;
        }
        if (indexed.get(routeId) == null) {
            return false;
        }
        built.add(routeId);
        return true;
    }

    /** Adds an offer while the route's entries are being built; offers not of the route's product are skipped. */
    void add(String routeId, RoutePolicy policy, OfferSnapshot offer, LatestLatency latency) {
        if (Eligibility.matchesProduct(policy, offer)) {
            write(routeId, offer.offerId(), entry(policy, offer, latency));
        }
    }

    /** Marks the route's entries as complete: every offer of its product was added. */
    void markBuilt(String routeId) {
        indexed.put(routeId, FORMAT);
        built.add(routeId);
    }

    /** Removes every entry of the route, including the built mark. */
    void clear(String routeId) {
        deletePrefix(candidates, prefix(routeId));
        rankings.remove(routeId);
        built.remove(routeId);
        indexed.delete(routeId);
    }

    /**
     * Records the offer's latest state for the route: eligible at its price, excluded with a reason, or
     * (offer null or no longer of the route's product) not part of the route at all. An unchanged entry
     * is not rewritten: most ticks move neither eligibility nor price, and each write is a changelog record.
     */
    void update(String routeId, RoutePolicy policy, String offerId, OfferSnapshot offer, LatestLatency latency) {
        String key = candidateKey(routeId, offerId);
        Candidacy old = candidates.get(key);
        Candidacy entry =
                offer != null && Eligibility.matchesProduct(policy, offer) ? entry(policy, offer, latency) : null;
        if (Objects.equals(old, entry)) {
            return;
        }
        NavigableSet<Candidacy.Ranked> ranking =
                rankings.get(routeId); // when absent, the next read rebuilds it from the store
        if (old instanceof Candidacy.Eligible was && ranking != null) {
            ranking.remove(new Candidacy.Ranked(was.price(), offerId));
        }
        if (entry == null) {
            candidates.delete(key);
        } else {
            write(routeId, offerId, entry);
        }
    }

    private void write(String routeId, String offerId, Candidacy entry) {
        candidates.put(candidateKey(routeId, offerId), entry);
        NavigableSet<Candidacy.Ranked> ranking = rankings.get(routeId);
        if (entry instanceof Candidacy.Eligible eligible && ranking != null) {
            ranking.add(new Candidacy.Ranked(eligible.price(), offerId));
        }
    }

    /** The route's ranking, rebuilt from its candidates when this task has not read the route yet. */
    private NavigableSet<Candidacy.Ranked> ranking(String routeId) {
        NavigableSet<Candidacy.Ranked> ranking = rankings.get(routeId);
        if (ranking == null) {
            ranking = new TreeSet<>();
            String prefix = prefix(routeId);
            try (KeyValueIterator<String, Candidacy> it = candidates.prefixScan(prefix, KEYS)) {
                while (it.hasNext()) {
                    KeyValue<String, Candidacy> kv = it.next();
                    if (kv.value instanceof Candidacy.Eligible eligible) {
                        ranking.add(new Candidacy.Ranked(eligible.price(), kv.key.substring(prefix.length())));
                    }
                }
            }
            rankings.put(routeId, ranking);
        }
        return ranking;
    }

    private static Candidacy entry(RoutePolicy policy, OfferSnapshot offer, LatestLatency latency) {
        Optional<String> why = Eligibility.whyIneligible(policy, offer, latency);
        return why.isPresent()
                ? new Candidacy.Excluded(why.get())
                : new Candidacy.Eligible(Eligibility.effectivePrice(policy, offer));
    }

    /**
     * The route evaluated from its entries, in the form {@link RouteSelector#decide} reads: the
     * cheapest {@code top} eligible endpoints, plus the current choice wherever it ranks when it is
     * still eligible; the match and exclusion counts only when nothing is eligible (the one case a
     * decision reads them, and the one case that needs a pass over the route's entries).
     */
    Evaluation evaluate(
            String routeId,
            RoutePolicy policy,
            int top,
            String chosenOfferId,
            Function<String, OfferSnapshot> offers,
            Function<String, LatestLatency> latency) {
        List<RouteCandidate> eligible = new ArrayList<>();
        boolean chosenListed = false;
        String prefix = prefix(routeId);
        Iterator<Candidacy.Ranked> ranked = ranking(routeId).iterator();
        while (eligible.size() < top && ranked.hasNext()) {
            String offerId = ranked.next().offerId();
            eligible.add(candidate(policy, offerId, offers, latency));
            chosenListed |= offerId.equals(chosenOfferId);
        }
        if (chosenOfferId != null && !chosenListed) {
            if (candidates.get(candidateKey(routeId, chosenOfferId)) instanceof Candidacy.Eligible) {
                eligible.add(candidate(policy, chosenOfferId, offers, latency));
            }
        }
        if (!eligible.isEmpty()) {
            return Evaluation.ranked(eligible);
        }
        int matching = 0;
        Map<String, Integer> exclusions = new LinkedHashMap<>();
        try (KeyValueIterator<String, Candidacy> it = candidates.prefixScan(prefix, KEYS)) {
            while (it.hasNext()) {
                matching++;
                // Nothing is eligible here, so every entry is an exclusion.
                exclusions.merge(((Candidacy.Excluded) it.next().value).reason(), 1, Integer::sum);
            }
        }
        return new Evaluation(eligible, new Evaluation.Shortfall(matching, exclusions));
    }

    private static RouteCandidate candidate(
            RoutePolicy policy,
            String offerId,
            Function<String, OfferSnapshot> offers,
            Function<String, LatestLatency> latency) {
        OfferSnapshot offer = offers.apply(offerId);
        if (offer == null) {
            throw new IllegalStateException(
                    "route index names offer " + offerId + " that the offer store does not hold");
        }
        return RouteUpdates.candidate(policy, offer, latency.apply(offerId));
    }

    private static void deletePrefix(KeyValueStore<String, Candidacy> store, String prefix) {
        List<String> keys = new ArrayList<>();
        try (KeyValueIterator<String, Candidacy> it = store.prefixScan(prefix, KEYS)) {
            it.forEachRemaining(kv -> keys.add(kv.key));
        }
        keys.forEach(store::delete);
    }

    /** The route's key prefix: its id's length, a colon, the id. */
    static String prefix(String routeId) {
        return routeId.length() + ":" + routeId;
    }

    static String candidateKey(String routeId, String offerId) {
        return prefix(routeId) + offerId;
    }
}
