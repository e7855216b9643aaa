package dev.gpuarb.streams.routing;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * When each offer expires or is forgotten and each latency summary goes stale, earliest first. Kept
 * in memory and rebuilt from the engine's stores when a task starts: it is derived from them (every
 * deadline is a field of a stored value), so it needs no changelog, and its keys would move on every
 * price (see {@link RouteIndex} for why such keys do not belong in RocksDB). One entry per offer or
 * endpoint and kind: a new deadline replaces the old.
 */
final class Deadlines {

    enum Kind {
        /** A live offer's validUntil. */
        EXPIRE,
        /** A gone offer's end of retention. */
        FORGET,
        /** A latency summary's end of usefulness. */
        STALE_LATENCY
    }

    record Due(long at, Kind kind, String id) {}

    private static final Comparator<Due> ORDER =
            Comparator.comparingLong(Due::at).thenComparing(Due::kind).thenComparing(Due::id);

    private final TreeSet<Due> queue = new TreeSet<>(ORDER);
    private final Map<Kind, Map<String, Due>> byId = new EnumMap<>(Kind.class);

    Deadlines() {
        for (Kind kind : Kind.values()) {
            byId.put(kind, new HashMap<>());
        }
    }

    /** Sets (or moves) the deadline of the id for this kind; Long.MAX_VALUE means none. */
    void schedule(Kind kind, String id, long at) {
        if (at == Long.MAX_VALUE) {
            cancel(kind, id);
            return;
        }
        Due due = new Due(at, kind, id);
        Due old = byId.get(kind).put(id, due);
        if (old != null) {
            queue.remove(old);
        }
        queue.add(due);
    }

    void cancel(Kind kind, String id) {
        Due old = byId.get(kind).remove(id);
        if (old != null) {
            queue.remove(old);
        }
    }

    /** Removes and returns every deadline before {@code now}, earliest first. */
    List<Due> takeBefore(long now) {
        List<Due> due = new ArrayList<>();
        while (!queue.isEmpty() && queue.first().at() < now) {
            Due d = queue.pollFirst();
            byId.get(d.kind()).remove(d.id());
            due.add(d);
        }
        return due;
    }

    int size() {
        return queue.size();
    }
}
