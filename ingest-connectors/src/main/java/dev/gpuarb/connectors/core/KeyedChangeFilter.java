package dev.gpuarb.connectors.core;

import dev.gpuarb.topics.Topic;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Change-only emission for sources that publish a snapshot of current prices (catalog files,
 * retail price APIs, model lists).
 *
 * <p>Every offer (and every distinct rejection) is its own Connect source partition
 * {@code {source, key}} whose offset is {@code {fp, at}}: the content hash of what was last sent
 * and when. An offer is sent when its hash differs from the committed one, or when the heartbeat
 * interval has passed since it was last sent. Because Connect commits an offset only once its
 * record is acknowledged, a restart re-sends exactly the offers whose last send was not
 * acknowledged: none is sent twice (unless a crash loses the commit, at-least-once) and none is skipped.
 * Committed offsets are read once per key and then tracked in memory.
 */
public final class KeyedChangeFilter {

    static final String PARTITION_SOURCE = "source";
    static final String PARTITION_KEY = "key";
    static final String OFFSET_FINGERPRINT = "fp";
    static final String OFFSET_SENT_AT = "at";

    private record Sent(String fingerprint, long atMillis) {
    }

    private final String source;
    private final Duration heartbeat;
    private final Clock clock;
    private final Map<String, Sent> lastSent = new HashMap<>();
    private long unchanged;

    /** @param heartbeat zero for no heartbeat: an unchanged price is never re-sent */
    public KeyedChangeFilter(String source, Duration heartbeat, Clock clock) {
        this.source = source;
        this.heartbeat = heartbeat;
        this.clock = clock;
    }

    /** The emissions for this snapshot: changed or heartbeat-due prices, and rejections not yet reported. */
    public List<Emission> filter(ParseResult parsed, OffsetLookup offsets) {
        Map<String, Candidate> candidates = new LinkedHashMap<>();
        for (PriceItem item : parsed.accepted()) {
            // The last occurrence of a key wins, as it would in a compacted topic.
            candidates.put(item.key(), new Candidate(item.topic(), item.key(), item.value(), item.fingerprint()));
        }
        long now = clock.millis();
        for (Rejection r : parsed.rejected()) {
            String fp = Fingerprints.of(r.reason(), r.detail(), r.rawExcerpt());
            candidates.putIfAbsent(r.key(), new Candidate(Topic.REJECTED, r.source(), r.toAvro(clock.instant()), fp));
        }
        loadCommitted(candidates.keySet(), offsets);
        List<Emission> out = new ArrayList<>();
        for (var entry : candidates.entrySet()) {
            String key = entry.getKey();
            Candidate c = entry.getValue();
            Sent previous = lastSent.get(key);
            boolean changed = previous == null || !previous.fingerprint().equals(c.fingerprint());
            // Rejections are reported once per distinct content; the heartbeat applies to prices only.
            boolean heartbeatDue = !changed && c.topic() != Topic.REJECTED && !heartbeat.isZero()
                    && now - previous.atMillis() >= heartbeat.toMillis();
            if (!changed && !heartbeatDue) {
                unchanged++;
                continue;
            }
            lastSent.put(key, new Sent(c.fingerprint(), now));
            out.add(new Emission(c.topic(), c.recordKey(), c.value(), partition(key),
                    Map.of(OFFSET_FINGERPRINT, c.fingerprint(), OFFSET_SENT_AT, now)));
        }
        return out;
    }

    /** How many prices were suppressed because they had not changed. */
    public long unchangedCount() {
        return unchanged;
    }

    private void loadCommitted(Iterable<String> keys, OffsetLookup offsets) {
        List<Map<String, Object>> unknown = new ArrayList<>();
        for (String key : keys) {
            if (!lastSent.containsKey(key)) {
                unknown.add(partition(key));
            }
        }
        if (unknown.isEmpty()) {
            return;
        }
        Map<Map<String, Object>, Map<String, Object>> committed = offsets.offsets(unknown);
        if (committed == null) {
            return;
        }
        committed.forEach((partition, offset) -> {
            if (offset != null && offset.get(OFFSET_FINGERPRINT) instanceof String fp) {
                long at = offset.get(OFFSET_SENT_AT) instanceof Number n ? n.longValue() : 0L;
                lastSent.put((String) partition.get(PARTITION_KEY), new Sent(fp, at));
            }
        });
    }

    private Map<String, Object> partition(String key) {
        return Map.of(PARTITION_SOURCE, source, PARTITION_KEY, key);
    }

    private record Candidate(Topic topic, String recordKey, org.apache.avro.specific.SpecificRecord value,
                             String fingerprint) {
    }
}
