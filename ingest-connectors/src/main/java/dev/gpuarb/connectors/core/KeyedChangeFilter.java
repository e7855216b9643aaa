package dev.gpuarb.connectors.core;

import dev.gpuarb.topics.Topic;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.avro.specific.SpecificRecord;

/**
 * Change-only emission for sources that publish a snapshot of current prices (catalog files,
 * retail price APIs, model lists), with re-confirmation and withdrawals.
 *
 * <p>Every offer (and every distinct rejection) is its own Connect source partition
 * {@code {source, key}} whose offset is {@code {fp, at}}: the content hash of what was last sent
 * and when. An offer is sent when its hash differs from the committed one, or when the heartbeat
 * interval has passed since it was last sent (so that it is confirmed before its validUntil).
 * Because Connect commits an offset only once its record is acknowledged, a restart re-sends exactly
 * the offers whose last send was not acknowledged: none is sent twice (unless a crash loses the
 * commit, at-least-once) and none is skipped. Committed offsets are read once per key and then
 * tracked in memory.
 *
 * <p>An offer sent earlier and absent from a complete snapshot is withdrawn once: its last price,
 * marked withdrawn and dated now, with the offset {@code {withdrawn: true, at}}, so that a restart
 * does not withdraw it again and its return counts as a change. A snapshot that could not be read
 * whole ({@link ParseResult#isComplete()}) withdraws nothing, nor does a poll that failed (it never
 * gets here). Connect cannot list the offsets of a source, so after a restart only offers seen again
 * since can be withdrawn; the others expire by their TTL.
 */
public final class KeyedChangeFilter {

    static final String PARTITION_SOURCE = "source";
    static final String PARTITION_KEY = "key";
    static final String OFFSET_FINGERPRINT = "fp";
    static final String OFFSET_SENT_AT = "at";
    static final String OFFSET_WITHDRAWN = "withdrawn";

    /**
     * The last send of one key.
     *
     * @param fingerprint null after a withdrawal: whatever comes next is a change
     * @param price the last price sent, kept to withdraw it; null for rejections, and for an offer
     *              known only from its committed offset until a snapshot lists it again
     */
    private record Sent(String fingerprint, long atMillis, Candidate price) {

        static Sent withdrawal(long atMillis) {
            return new Sent(null, atMillis, null);
        }
    }

    private final String source;
    private final Duration heartbeat;
    private final Clock clock;
    /**
     * One entry per key ever seen by this task, holding the last price sent per offer: memory grows
     * with the number of offers the source lists (about a record's size each).
     */
    private final Map<String, Sent> lastSent = new LinkedHashMap<>();

    private long unchanged;
    private long reconfirmed;

    /** @param heartbeat zero for no heartbeat: an unchanged price is never re-sent */
    public KeyedChangeFilter(String source, Duration heartbeat, Clock clock) {
        this.source = source;
        this.heartbeat = heartbeat;
        this.clock = clock;
    }

    /**
     * The emissions for this snapshot: changed or heartbeat-due prices, rejections not yet reported,
     * and withdrawals of offers the snapshot no longer lists (when it is complete).
     */
    public List<Emission> filter(ParseResult parsed, OffsetLookup offsets) {
        Map<String, Candidate> candidates = new LinkedHashMap<>();
        for (PriceItem item : parsed.accepted()) {
            // The last occurrence of a key wins, as it would in a compacted topic.
            candidates.put(item.key(), new Candidate(item.topic(), item.key(), item.value(), item.fingerprint()));
        }
        Set<String> listed = new HashSet<>(candidates.keySet());
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
            boolean isPrice = c.topic() != Topic.REJECTED;
            boolean changed = previous == null
                    || previous.fingerprint() == null
                    || !previous.fingerprint().equals(c.fingerprint());
            // Rejections are reported once per distinct content; the heartbeat applies to prices only.
            boolean heartbeatDue =
                    !changed && isPrice && !heartbeat.isZero() && now - previous.atMillis() >= heartbeat.toMillis();
            if (!changed && !heartbeatDue) {
                unchanged++;
                if (isPrice && previous.price() == null) {
                    // Known from its offset only (a restart): the same fingerprint, so the price that was sent.
                    lastSent.put(key, new Sent(previous.fingerprint(), previous.atMillis(), c));
                }
                continue;
            }
            if (heartbeatDue) {
                reconfirmed++;
            }
            lastSent.put(key, new Sent(c.fingerprint(), now, isPrice ? c : null));
            out.add(new Emission(
                    c.topic(),
                    c.recordKey(),
                    c.value(),
                    partition(key),
                    Map.of(OFFSET_FINGERPRINT, c.fingerprint(), OFFSET_SENT_AT, now)));
        }
        if (parsed.isComplete()) {
            withdrawUnlisted(listed, now, out);
        }
        return out;
    }

    private void withdrawUnlisted(Set<String> listed, long now, List<Emission> out) {
        Instant at = Instant.ofEpochMilli(now);
        for (var entry : lastSent.entrySet()) {
            Candidate last = entry.getValue().price();
            if (last == null || listed.contains(entry.getKey())) {
                continue;
            }
            entry.setValue(Sent.withdrawal(now));
            SpecificRecord withdrawal = PriceRecords.withdrawal(last.value(), at);
            out.add(new Emission(
                    last.topic(),
                    last.recordKey(),
                    withdrawal,
                    partition(entry.getKey()),
                    Map.of(OFFSET_WITHDRAWN, true, OFFSET_SENT_AT, now)));
        }
    }

    /** How many prices were suppressed because they had not changed. */
    public long unchangedCount() {
        return unchanged;
    }

    /** How many unchanged prices were sent again because their heartbeat was due. */
    public long reconfirmedCount() {
        return reconfirmed;
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
            if (offset == null) {
                return;
            }
            String key = (String) partition.get(PARTITION_KEY);
            long at = offset.get(OFFSET_SENT_AT) instanceof Number n ? n.longValue() : 0L;
            if (Boolean.TRUE.equals(offset.get(OFFSET_WITHDRAWN))) {
                lastSent.put(key, Sent.withdrawal(at));
            } else if (offset.get(OFFSET_FINGERPRINT) instanceof String fp) {
                lastSent.put(key, new Sent(fp, at, null));
            }
        });
    }

    private Map<String, Object> partition(String key) {
        return Map.of(PARTITION_SOURCE, source, PARTITION_KEY, key);
    }

    private record Candidate(Topic topic, String recordKey, SpecificRecord value, String fingerprint) {}
}
