package dev.gpuarb.connectors.core;

import java.util.HashMap;
import java.util.Map;

/**
 * Change-only emission for event streams read through a cursor (replays, price history APIs,
 * the simulator): remembers the last fingerprint sent per offer. Not persisted: after a restart
 * the source rebuilds it by re-reading up to the committed cursor without sending.
 */
public final class LastSentPrices {

    private final Map<String, String> fingerprints = new HashMap<>();

    /**
     * The changes of one poll (or one rebuild), kept apart until it has succeeded: a poll that fails
     * leaves no trace.
     */
    public Pending pending() {
        return new Pending();
    }

    public int size() {
        return fingerprints.size();
    }

    /** Tells what changed, against the committed state plus this poll's own changes so far. */
    public final class Pending {

        private final Map<String, String> changes = new HashMap<>();

        private Pending() {}

        /** Records the item and tells whether it differs from the last one for its key. */
        public boolean changed(PriceItem item) {
            String key = item.key();
            String previous = changes.containsKey(key) ? changes.get(key) : fingerprints.get(key);
            changes.put(key, item.fingerprint());
            return !item.fingerprint().equals(previous);
        }

        public void commit() {
            fingerprints.putAll(changes);
            changes.clear();
        }
    }
}
