package dev.gpuarb.connectors.awsspot;

import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * How far a region's price history has been read: the newest event time, and which events at
 * exactly that time were already handled. The API's time filter is inclusive and several events
 * share a timestamp, so the time alone would either repeat or drop events at the boundary.
 */
final class SpotHistoryCursor {

    static final String OFFSET_AT = "at";
    static final String OFFSET_SEEN = "seen";
    private static final String SEPARATOR = "\n";

    private Instant at;
    private final Set<String> seenAtCursor = new LinkedHashSet<>();

    /** The cursor from a committed offset; empty (read from the lookback) when there is none. */
    static SpotHistoryCursor fromOffset(Map<String, Object> offset) {
        SpotHistoryCursor cursor = new SpotHistoryCursor();
        if (offset != null && offset.get(OFFSET_AT) instanceof Number n) {
            cursor.at = Instant.ofEpochMilli(n.longValue());
            Object seen = offset.get(OFFSET_SEEN);
            if (seen instanceof String s && !s.isEmpty()) {
                cursor.seenAtCursor.addAll(Arrays.asList(s.split(SEPARATOR)));
            }
        }
        return cursor;
    }

    /** A cursor to move while a poll is under way, so that the original stays put if the poll fails. */
    SpotHistoryCursor copy() {
        SpotHistoryCursor copy = new SpotHistoryCursor();
        copy.at = at;
        copy.seenAtCursor.addAll(seenAtCursor);
        return copy;
    }

    /** Where the next request starts; {@code fallback} before anything was read. */
    Instant startOr(Instant fallback) {
        return at == null ? fallback : at;
    }

    /** Whether the event is new; if so, the cursor moves past it. */
    boolean advance(Instant eventAt, String eventKey) {
        if (at != null && eventAt.isBefore(at)) {
            return false;
        }
        if (at != null && eventAt.equals(at)) {
            return seenAtCursor.add(eventKey);
        }
        at = eventAt;
        seenAtCursor.clear();
        seenAtCursor.add(eventKey);
        return true;
    }

    /** The offset that resumes right after the last event passed to {@link #advance}. */
    Map<String, Object> toOffset() {
        return Map.of(OFFSET_AT, at.toEpochMilli(), OFFSET_SEEN, String.join(SEPARATOR, seenAtCursor));
    }
}
