package dev.gpuarb.streams.api;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Per price source, what the routing application holds of its offers: how many, how many are live
 * (listed and not past their validUntil), withdrawn or expired, and the newest observation time,
 * which says how fresh the source's last price is. Computed on request from the latest-offer stores
 * (the routing application's own state), so the price path does no extra work for it.
 */
final class SourceSummaries {

    static final String SOURCE = "source";
    static final String KINDS = "kinds";
    static final String OFFERS = "offers";
    static final String LIVE = "live";
    static final String WITHDRAWN = "withdrawn";
    static final String EXPIRED = "expired";
    static final String NEWEST = "newestObservedAt";

    private SourceSummaries() {}

    /**
     * Summaries of the offers of one instance, one per source, by source name.
     *
     * @param offersByKind latest offers (JSON shapes) by kind ("gpu", "tokens")
     */
    static List<Map<String, Object>> of(Map<String, ? extends Iterable<Object>> offersByKind, Instant now) {
        Map<String, Summary> bySource = new TreeMap<>();
        offersByKind.forEach((kind, offers) -> {
            for (Object offer : offers) {
                if (offer instanceof Map<?, ?> fields && fields.get(SOURCE) != null) {
                    bySource.computeIfAbsent(fields.get(SOURCE).toString(), s -> new Summary())
                            .add(kind, fields, now);
                }
            }
        });
        List<Map<String, Object>> out = new ArrayList<>();
        bySource.forEach((source, summary) -> out.add(summary.toJson(source)));
        return out;
    }

    /** Summaries of several instances (each holding part of the offers) as one per source: counts add up, the newest time wins. */
    static List<Map<String, Object>> merge(List<?> summaries) {
        Map<String, Summary> bySource = new TreeMap<>();
        for (Object item : summaries) {
            if (item instanceof Map<?, ?> fields && fields.get(SOURCE) != null) {
                bySource.computeIfAbsent(fields.get(SOURCE).toString(), s -> new Summary())
                        .add(fields);
            }
        }
        List<Map<String, Object>> out = new ArrayList<>();
        bySource.forEach((source, summary) -> out.add(summary.toJson(source)));
        return out;
    }

    private static final class Summary {
        final TreeSet<String> kinds = new TreeSet<>();
        long offers;
        long live;
        long withdrawn;
        long expired;
        Instant newest;

        void add(String kind, Map<?, ?> offer, Instant now) {
            kinds.add(kind);
            offers++;
            Instant validUntil = instant(offer.get("validUntil"));
            if (Boolean.TRUE.equals(offer.get("withdrawn"))) {
                withdrawn++;
            } else if (validUntil != null && !validUntil.isAfter(now)) {
                expired++;
            } else {
                live++;
            }
            newest = newer(newest, instant(offer.get("observedAt")));
        }

        void add(Map<?, ?> other) {
            if (other.get(KINDS) instanceof List<?> list) {
                list.forEach(k -> kinds.add(k.toString()));
            }
            offers += count(other.get(OFFERS));
            live += count(other.get(LIVE));
            withdrawn += count(other.get(WITHDRAWN));
            expired += count(other.get(EXPIRED));
            newest = newer(newest, instant(other.get(NEWEST)));
        }

        Map<String, Object> toJson(String source) {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put(SOURCE, source);
            json.put(KINDS, List.copyOf(kinds));
            json.put(OFFERS, offers);
            json.put(LIVE, live);
            json.put(WITHDRAWN, withdrawn);
            json.put(EXPIRED, expired);
            json.put(NEWEST, newest == null ? null : newest.toString());
            return json;
        }

        private static Instant newer(Instant a, Instant b) {
            return a == null || (b != null && b.isAfter(a)) ? b : a;
        }

        private static long count(Object value) {
            return value instanceof Number n ? n.longValue() : 0;
        }
    }

    /** A time as the API writes it (ISO-8601), or epoch milliseconds; null when absent or unreadable. */
    private static Instant instant(Object value) {
        if (value instanceof Number millis) {
            return Instant.ofEpochMilli(millis.longValue());
        }
        if (value instanceof String text) {
            try {
                return Instant.parse(text);
            } catch (DateTimeParseException e) {
                return null;
            }
        }
        return null;
    }
}
