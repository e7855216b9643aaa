package dev.gpuarb.streams.routing;

import dev.gpuarb.avro.RoutePolicy;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The route engine's policies: the {@link RouteStores#POLICIES} store (changelogged, the source of
 * truth) with an in-memory copy grouped by home ({@link RouteHomes}), so that a price reads the routes
 * that can choose its offer instead of scanning and deserialising every policy on every input. The copy
 * is built from the store the first time it is read after the task starts (so after a restore too).
 *
 * <p>Routes come out in the store's own order (UTF-8 bytes of the route id), so decisions are emitted
 * in the same order as a scan of the store would give.
 */
final class PolicyDirectory {

    private static final Comparator<String> STORE_ORDER =
            (a, b) -> Arrays.compareUnsigned(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));

    private final KeyValueStore<String, RoutePolicy> store;
    /** home → route id → policy, or null until first read after the task started. */
    private Map<String, NavigableMap<String, RoutePolicy>> byHome;

    private NavigableMap<String, RoutePolicy> all;

    PolicyDirectory(KeyValueStore<String, RoutePolicy> store) {
        this.store = store;
    }

    RoutePolicy get(String routeId) {
        return all().get(routeId);
    }

    void put(String routeId, RoutePolicy policy) {
        delete(routeId);
        store.put(routeId, policy);
        file(routeId, policy);
    }

    /** Removes the route's policy; returns it, or null when there was none. */
    RoutePolicy delete(String routeId) {
        RoutePolicy old = all().remove(routeId);
        store.delete(routeId);
        if (old != null) {
            Map<String, RoutePolicy> home = byHome.get(RouteHomes.of(old));
            home.remove(routeId);
            if (home.isEmpty()) {
                byHome.remove(RouteHomes.of(old));
            }
        }
        return old;
    }

    /** Every route, in store order. */
    List<KeyValue<String, RoutePolicy>> every() {
        List<KeyValue<String, RoutePolicy>> out = new ArrayList<>(all().size());
        all().forEach((id, policy) -> out.add(KeyValue.pair(id, policy)));
        return out;
    }

    /**
     * The routes that can match an offer of {@code home} (or of {@code previousHome}, null if none): a
     * policy matches only offers of its own home's product, or any GPU offer when it lives at
     * {@link RouteHomes#ANY_GPU}. In store order.
     */
    List<KeyValue<String, RoutePolicy>> forOffer(String home, String previousHome) {
        all();
        NavigableMap<String, RoutePolicy> routes = new TreeMap<>(STORE_ORDER);
        for (String h : new String[] {home, previousHome, RouteHomes.ANY_GPU}) {
            NavigableMap<String, RoutePolicy> atHome = h == null ? null : byHome.get(h);
            if (atHome != null) {
                routes.putAll(atHome);
            }
        }
        List<KeyValue<String, RoutePolicy>> out = new ArrayList<>(routes.size());
        routes.forEach((id, policy) -> out.add(KeyValue.pair(id, policy)));
        return out;
    }

    private NavigableMap<String, RoutePolicy> all() {
        if (all == null) {
            all = new TreeMap<>(STORE_ORDER);
            byHome = new HashMap<>();
            try (KeyValueIterator<String, RoutePolicy> it = store.all()) {
                it.forEachRemaining(kv -> file(kv.key, kv.value));
            }
        }
        return all;
    }

    private void file(String routeId, RoutePolicy policy) {
        all.put(routeId, policy);
        byHome.computeIfAbsent(RouteHomes.of(policy), h -> new TreeMap<>(STORE_ORDER))
                .put(routeId, policy);
    }
}
