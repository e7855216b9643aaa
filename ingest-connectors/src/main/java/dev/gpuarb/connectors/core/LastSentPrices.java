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

    /** Records the item and tells whether it differs from the last one for its key. */
    public boolean changed(PriceItem item) {
        String previous = fingerprints.put(item.key(), item.fingerprint());
        return !item.fingerprint().equals(previous);
    }

    public int size() {
        return fingerprints.size();
    }
}
