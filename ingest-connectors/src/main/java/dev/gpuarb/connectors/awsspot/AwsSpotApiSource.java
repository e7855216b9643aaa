package dev.gpuarb.connectors.awsspot;

import dev.gpuarb.connectors.core.Emission;
import dev.gpuarb.connectors.core.LastSentPrices;
import dev.gpuarb.connectors.core.OffsetLookup;
import dev.gpuarb.connectors.core.ParseResult;
import dev.gpuarb.connectors.core.PriceItem;
import dev.gpuarb.connectors.core.PriceSource;
import dev.gpuarb.connectors.core.Reconfirmations;
import dev.gpuarb.connectors.core.Rejection;
import dev.gpuarb.connectors.core.SourceContext;
import dev.gpuarb.connectors.core.TaskMetrics;
import dev.gpuarb.topics.Topic;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Live spot prices from DescribeSpotPriceHistory, read incrementally per region. Each region is a
 * source partition {@code {source, region}} whose offset is a {@link SpotHistoryCursor}: the
 * next request starts at the cursor time, and events at exactly that time that were already
 * handled are dropped, so a restart neither repeats nor skips an event. On first start the
 * history of the last {@code aws.spot.start.lookback.ms} is read; the API also returns the
 * price in effect at the window start, so every offer starts with its current price.
 *
 * <p>A spot price holds until the next change, which may be days away, so its liveness cannot come
 * from the age of the change. Since every answer holds the price in effect of every offer (at the
 * window start, or a change since), each offer's latest price in the answer is its current price:
 * when the heartbeat is due (or this task instance has not sent it yet), it is sent again as it
 * is, observedAt still the time it took effect, to get a fresh validUntil. An offer the API stops
 * returning is not re-sent, so it expires.
 */
public final class AwsSpotApiSource implements PriceSource {

    public static final String SOURCE = "aws-spot-api";
    static final String SKIPPED_NO_TIMESTAMP = "event without timestamp";

    private final AwsSpotConfig config;
    private final SpotPriceHistoryClient client;
    private final SpotPriceMapper mapper;
    private final TaskMetrics metrics;
    private final Clock clock;
    private final LastSentPrices lastSent = new LastSentPrices();
    private final Reconfirmations reconfirmations;
    private final Map<String, SpotHistoryCursor> cursors = new LinkedHashMap<>();

    public AwsSpotApiSource(AwsSpotConfig config, SourceContext context, SpotPriceHistoryClient client) {
        this.config = config;
        this.client = client;
        this.mapper = new SpotPriceMapper(
                SOURCE,
                config.productDescriptions(),
                config.instanceFamilies(),
                config.currencyRates(),
                config.priceLimits());
        this.metrics = context.metrics();
        this.clock = context.clock();
        this.reconfirmations = new Reconfirmations(config.heartbeat());
    }

    @Override
    public String sourceId() {
        return SOURCE;
    }

    @Override
    public List<Emission> poll(OffsetLookup offsets) throws Exception {
        if (cursors.isEmpty()) {
            resume(offsets);
        }
        List<Emission> out = new ArrayList<>();
        Instant now = clock.instant();
        // Cursors and last-sent prices move on copies: a region that fails after others were read
        // fails the poll, and the next poll must return those others' events again, not skip them.
        Map<String, SpotHistoryCursor> moved = new LinkedHashMap<>();
        LastSentPrices.Pending sent = lastSent.pending();
        Map<String, Long> sentAt = new HashMap<>();
        for (var entry : cursors.entrySet()) {
            String region = entry.getKey();
            SpotHistoryCursor cursor = entry.getValue().copy();
            Instant start = cursor.startOr(now.minus(Duration.ofMillis(config.startLookbackMs())));
            List<Timed> events = new ArrayList<>();
            for (SpotPriceEvent e : client.history(region, start, now)) {
                events.add(new Timed(e, timestampOf(e)));
            }
            // The API answers newest first; a cursor needs them oldest first.
            events.sort(Comparator.comparing(Timed::at, Comparator.nullsFirst(Comparator.naturalOrder())));
            Map<String, PriceItem> inEffect = new LinkedHashMap<>();
            for (Timed t : events) {
                handle(region, cursor, t, sent, out, inEffect, sentAt, now.toEpochMilli());
            }
            reconfirm(region, cursor, inEffect, sent, out, sentAt, now.toEpochMilli());
            moved.put(region, cursor);
        }
        cursors.putAll(moved);
        sent.commit();
        reconfirmations.sentAll(sentAt);
        return out;
    }

    /**
     * Sends again the current price of each offer in the answer that is due: not sent (as a change or
     * a re-confirmation) within the heartbeat by this task instance.
     */
    private void reconfirm(
            String region,
            SpotHistoryCursor cursor,
            Map<String, PriceItem> inEffect,
            LastSentPrices.Pending sent,
            List<Emission> out,
            Map<String, Long> sentAt,
            long now) {
        long again = 0;
        for (PriceItem item : inEffect.values()) {
            if (sentAt.containsKey(item.key()) || !reconfirmations.due(item.key(), now)) {
                continue;
            }
            sent.changed(item); // the price sent last is now this one, whatever it was before a restart
            sentAt.put(item.key(), now);
            out.add(new Emission(item.topic(), item.key(), item.value(), partition(region), cursor.toOffset()));
            again++;
        }
        metrics.reconfirmed(again);
    }

    private record Timed(SpotPriceEvent event, Instant at) {}

    /**
     * Sends the event if it is new and changes its offer's price; either way its price becomes the
     * offer's price in effect (events come oldest first).
     */
    private void handle(
            String region,
            SpotHistoryCursor cursor,
            Timed t,
            LastSentPrices.Pending sent,
            List<Emission> out,
            Map<String, PriceItem> inEffect,
            Map<String, Long> sentAt,
            long now) {
        ParseResult result = new ParseResult();
        if (t.at() == null) {
            // The SDK parses every timestamp itself, so this is an element without one: nothing to place it by.
            result.skip(SKIPPED_NO_TIMESTAMP);
            metrics.parsed(result);
            return;
        }
        mapper.map(t.event(), result);
        result.accepted().forEach(item -> inEffect.put(item.key(), item));
        if (!cursor.advance(t.at(), eventKey(t.event()))) {
            return; // read before, in an earlier window (the price in effect at the window start, or a repeat)
        }
        metrics.parsed(result);
        Map<String, Object> partition = partition(region);
        Map<String, Object> offset = cursor.toOffset();
        for (PriceItem item : result.accepted()) {
            if (sent.changed(item)) {
                sentAt.put(item.key(), now);
                out.add(new Emission(item.topic(), item.key(), item.value(), partition, offset));
            } else {
                metrics.unchanged(1);
            }
        }
        for (Rejection r : result.rejected()) {
            out.add(new Emission(Topic.REJECTED, r.source(), r.toAvro(clock.instant()), partition, offset));
        }
    }

    private void resume(OffsetLookup offsets) {
        List<Map<String, Object>> partitions =
                config.regions().stream().map(AwsSpotApiSource::partition).toList();
        Map<Map<String, Object>, Map<String, Object>> committed = offsets.offsets(partitions);
        for (String region : config.regions()) {
            Map<String, Object> offset = committed == null ? null : committed.get(partition(region));
            cursors.put(region, SpotHistoryCursor.fromOffset(offset));
        }
    }

    static Map<String, Object> partition(String region) {
        return Map.of("source", SOURCE, "region", region);
    }

    /**
     * What identifies one event among those sharing a timestamp. Joined with '|', it stays distinct for
     * events whose names hold no '|'; an event whose names do is rejected by its offer anyway.
     */
    private static String eventKey(SpotPriceEvent e) {
        return String.join(
                "|",
                String.valueOf(e.zone()),
                String.valueOf(e.instanceType()),
                String.valueOf(e.productDescription()),
                String.valueOf(e.price()));
    }

    private static Instant timestampOf(SpotPriceEvent e) {
        try {
            return e.timestamp() == null ? null : SpotPriceMapper.parseTimestamp(e.timestamp());
        } catch (DateTimeParseException ex) {
            return null;
        }
    }

    @Override
    public void close() {
        client.close();
    }
}
