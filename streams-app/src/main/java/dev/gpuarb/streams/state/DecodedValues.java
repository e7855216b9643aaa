package dev.gpuarb.streams.state;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * A key-value store with its most recently used values also kept decoded in memory. Kafka Streams' record
 * cache holds bytes, so each read of a value pays its deserialisation; a processor that reads and rewrites
 * the same values record after record reads them from here instead. Every write still goes to the store,
 * so the changelog and the exactly-once transaction see each one, exactly as without this.
 *
 * <p>A value got from here is the store's: a processor that changes one in place must write it back, and
 * must {@link #forget} it if the change fails halfway (the store still has the old value). Made in the
 * processor's {@code init}, one per task, so after a restore or a revived task it starts empty; the
 * processor must be its store's only writer. Not thread-safe, like the task that owns it.
 */
public final class DecodedValues<V> {

    private final KeyValueStore<String, V> store;
    private final Map<String, V> recent;

    /** @param capacity how many values to keep decoded, the least recently used dropped first */
    public DecodedValues(KeyValueStore<String, V> store, int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, not " + capacity);
        }
        this.store = store;
        this.recent = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, V> eldest) {
                return size() > capacity;
            }
        };
    }

    /** The value, or null when the store has none. */
    public V get(String key) {
        V value = recent.get(key);
        if (value == null) {
            value = store.get(key);
            if (value != null) {
                recent.put(key, value);
            }
        }
        return value;
    }

    public void put(String key, V value) {
        store.put(key, value);
        recent.put(key, value);
    }

    /** Deletes the key; returns the value it had, or null. */
    public V delete(String key) {
        recent.remove(key);
        return store.delete(key);
    }

    /** Drops the decoded copy; the next {@link #get} reads the store. */
    public void forget(String key) {
        recent.remove(key);
    }

    int decodedCount() {
        return recent.size();
    }
}
