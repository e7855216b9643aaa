package dev.gpuarb.streams.routing;

import dev.gpuarb.avro.RoutePolicy;
import dev.gpuarb.avro.WorkloadKind;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The offer ids of each product (GPU model, or model name for token offers), so that building a
 * route's index reads the offers its policy can match instead of every offer the engine holds.
 *
 * <p>Store {@link RouteStores#OFFERS_BY_PRODUCT}: kind, ':', the product name's length, ':', the
 * name, then the offer id → the offer id. Names are case-folded the way
 * {@link String#equalsIgnoreCase} compares them (upper then lower case, per code point), because
 * {@link Eligibility#matchesProduct} compares them that way. The length prefix keeps one product's
 * prefix from being the start of another's. A GPU policy without a GPU model reads the prefix of
 * all GPU offers, and so does a TOKENS policy that allows self-hosting, besides its model's prefix. The mark {@value #COMPLETE} says the store holds every offer; state written before
 * this store existed has no mark and is filled by one pass over all offers the first time it is read.
 */
final class OffersByProduct {

    static final String COMPLETE = "#complete";
    private static final StringSerializer KEYS = new StringSerializer();

    private final KeyValueStore<String, String> store;

    OffersByProduct(KeyValueStore<String, String> store) {
        this.store = store;
    }

    /** Files the offer under its product, and out of its previous one if the product changed. */
    void onOffer(OfferSnapshot known, OfferSnapshot offer) {
        String key = key(offer);
        String before = known == null ? null : key(known);
        if (key.equals(before)) {
            return;
        }
        if (before != null) {
            store.delete(before);
        }
        store.put(key, offer.offerId());
    }

    /** Removes an offer the engine no longer keeps. */
    void onForget(OfferSnapshot offer) {
        store.delete(key(offer));
    }

    /**
     * Passes every offer the policy's product can match to the action: a superset (callers still test
     * {@link Eligibility#matchesProduct}), never missing one.
     */
    void forEachCandidate(
            RoutePolicy policy, KeyValueStore<String, OfferSnapshot> offers, Consumer<OfferSnapshot> action) {
        if (store.get(COMPLETE) == null) {
            try (KeyValueIterator<String, OfferSnapshot> all = offers.all()) {
                while (all.hasNext()) {
                    KeyValue<String, OfferSnapshot> kv = all.next();
                    store.put(key(kv.value), kv.key);
                    action.accept(kv.value);
                }
            }
            store.put(COMPLETE, "1");
            return;
        }
        for (String prefix : prefixes(policy)) {
            try (KeyValueIterator<String, String> ids = store.prefixScan(prefix, KEYS)) {
                while (ids.hasNext()) {
                    OfferSnapshot offer = offers.get(ids.next().value);
                    if (offer != null) {
                        action.accept(offer);
                    }
                }
            }
        }
    }

    static String key(OfferSnapshot offer) {
        String name = offer.workloadKind() == WorkloadKind.TOKENS ? offer.product() : offer.gpuModel();
        return productPrefix(offer.kind(), name) + offer.offerId();
    }

    /** The key prefixes of the offers the policy's product can match, none overlapping another. */
    static List<String> prefixes(RoutePolicy policy) {
        String allGpus = WorkloadKind.GPU_HOURS.name() + ":";
        if (policy.getKind() == WorkloadKind.TOKENS) {
            List<String> prefixes = new ArrayList<>(2);
            if (policy.getModel() != null) {
                prefixes.add(productPrefix(WorkloadKind.TOKENS.name(), policy.getModel()));
            }
            if (policy.getSelfHost() != null) {
                prefixes.add(allGpus);
            }
            return prefixes;
        }
        return List.of(
                policy.getGpuModel() == null
                        ? allGpus
                        : productPrefix(WorkloadKind.GPU_HOURS.name(), policy.getGpuModel()));
    }

    private static String productPrefix(String kind, String name) {
        if (name == null) {
            return kind + ":-:"; // matched only by a policy that names no product, which reads the whole kind
        }
        String folded = fold(name);
        return kind + ":" + folded.length() + ":" + folded;
    }

    /** Equal for any two names equalsIgnoreCase holds for. */
    static String fold(String name) {
        StringBuilder sb = new StringBuilder(name.length());
        name.codePoints().forEach(cp -> sb.appendCodePoint(Character.toLowerCase(Character.toUpperCase(cp))));
        return sb.toString();
    }
}
