package dev.gpuarb.streams.api.live;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** What the page shows at one moment: for each section, its entries by key (JSON shapes). */
public final class LiveState {

    private final Map<String, Map<String, Object>> sections;

    public LiveState(Map<String, Map<String, Object>> sections) {
        this.sections = sections;
    }

    public static LiveState empty() {
        Map<String, Map<String, Object>> sections = new LinkedHashMap<>();
        LiveSection.ALL.forEach(s -> sections.put(s.name(), Map.of()));
        return new LiveState(sections);
    }

    /** Every entry as an upsert: what a newly connected page needs. */
    public Map<String, Object> asSnapshot() {
        Map<String, Object> body = new LinkedHashMap<>();
        sections.forEach((name, entries) -> body.put(name, change(upserts(entries), List.of())));
        return body;
    }

    /** Entries added or changed since {@code before}, and keys gone; empty when nothing changed. */
    public Map<String, Object> changesSince(LiveState before) {
        Map<String, Object> body = new LinkedHashMap<>();
        sections.forEach((name, entries) -> {
            Map<String, Object> old = before.sections.getOrDefault(name, Map.of());
            Map<String, Object> changed = new TreeMap<>();
            entries.forEach((key, value) -> {
                if (!value.equals(old.get(key))) {
                    changed.put(key, value);
                }
            });
            List<String> removed = old.keySet().stream()
                    .filter(k -> !entries.containsKey(k))
                    .sorted()
                    .toList();
            if (!changed.isEmpty() || !removed.isEmpty()) {
                body.put(name, change(upserts(changed), removed));
            }
        });
        return body;
    }

    private static List<Map<String, Object>> upserts(Map<String, Object> entries) {
        List<Map<String, Object>> list = new ArrayList<>();
        new TreeMap<>(entries).forEach((key, value) -> {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("key", key);
            item.put("value", value);
            list.add(item);
        });
        return list;
    }

    private static Map<String, Object> change(List<Map<String, Object>> upsert, List<String> remove) {
        Map<String, Object> change = new LinkedHashMap<>();
        change.put("upsert", upsert);
        change.put("remove", remove);
        return change;
    }
}
