package dev.gpuarb.streams.api;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A TopologyTestDriver is not thread-safe, and the live feed reads on a thread of its own: the test
 * pipes input and the feed reads stores under one lock.
 */
final class LockedView implements StateView {

    private final StateView view;
    private final Object lock;

    LockedView(StateView view, Object lock) {
        this.view = view;
        this.lock = lock;
    }

    @Override
    public Map<String, Object> localEntries(String store) {
        synchronized (lock) {
            return view.localEntries(store);
        }
    }

    @Override
    public Optional<Object> localGet(String store, String key) {
        synchronized (lock) {
            return view.localGet(store, key);
        }
    }

    @Override
    public List<String> otherInstances(String store) {
        return view.otherInstances(store);
    }

    @Override
    public Optional<String> remoteOwner(String store, String key) {
        return view.remoteOwner(store, key);
    }

    @Override
    public String state() {
        return view.state();
    }

    @Override
    public boolean healthy() {
        return view.healthy();
    }
}
