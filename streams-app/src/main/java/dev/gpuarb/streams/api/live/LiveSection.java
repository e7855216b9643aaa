package dev.gpuarb.streams.api.live;

import dev.gpuarb.streams.api.resources.Resource;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One part of the live page: an API resource, and the value fields that identify an entry (the same
 * fields the store key is made of, so entries gathered from other instances are keyed alike).
 */
public record LiveSection(String name, Resource resource, List<String> keyFields) {

    public static final List<LiveSection> ALL = List.of(
            new LiveSection("routes", Resource.byPath("routes").orElseThrow(), List.of("routeId")),
            new LiveSection(
                    "spreads", Resource.byPath("spreads").orElseThrow(), List.of("kind", "product", "pricingModel")),
            new LiveSection("bids", Resource.byPath("bids").orElseThrow(), List.of("offerId")),
            new LiveSection("trails", Resource.byPath("route-trails").orElseThrow(), List.of("routeId")),
            new LiveSection(
                    "history",
                    Resource.byPath("spread-history").orElseThrow(),
                    List.of("kind", "product", "pricingModel")));

    /** The entry's key: its key fields joined by '|', a missing field counting as empty. */
    public String keyOf(Object value) {
        if (!(value instanceof Map<?, ?> fields)) {
            return "";
        }
        StringBuilder key = new StringBuilder();
        for (String field : keyFields) {
            if (key.length() > 0) {
                key.append('|');
            }
            key.append(Objects.toString(fields.get(field), ""));
        }
        return key.toString();
    }
}
