package dev.gpuarb.streams.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gpuarb.streams.api.live.LiveSection;
import dev.gpuarb.streams.api.live.LiveState;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LiveStateTest {

    private static LiveState state(Map<String, Object> routes) {
        Map<String, Map<String, Object>> sections = new LinkedHashMap<>();
        sections.put("routes", routes);
        sections.put("spreads", Map.of());
        sections.put("bids", Map.of());
        return new LiveState(sections);
    }

    @Test
    void changesHoldAddedAndChangedEntriesAndRemovedKeysOnly() {
        LiveState before =
                state(Map.of("a", Map.of("price", 1.0), "b", Map.of("price", 2.0), "c", Map.of("price", 3.0)));
        Map<String, Object> now =
                new HashMap<>(Map.of("a", Map.of("price", 1.0), "b", Map.of("price", 2.5), "d", Map.of("price", 4.0)));

        Map<String, Object> changes = state(now).changesSince(before);

        assertThat(changes).containsOnlyKeys("routes");
        @SuppressWarnings("unchecked")
        Map<String, Object> routes = (Map<String, Object>) changes.get("routes");
        assertThat(routes.get("upsert"))
                .isEqualTo(List.of(
                        Map.of("key", "b", "value", Map.of("price", 2.5)),
                        Map.of("key", "d", "value", Map.of("price", 4.0))));
        assertThat(routes.get("remove")).isEqualTo(List.of("c"));
        assertThat(state(now).changesSince(state(now))).isEmpty();
    }

    @Test
    void entriesAreKeyedByTheFieldsTheirStoreKeyIsMadeOf() {
        LiveSection spreads = LiveSection.ALL.stream()
                .filter(s -> s.name().equals("spreads"))
                .findFirst()
                .orElseThrow();
        Map<String, Object> tokenSpread = new HashMap<>();
        tokenSpread.put("kind", "TOKENS");
        tokenSpread.put("product", "gpt-4o");
        tokenSpread.put("pricingModel", null);

        assertThat(spreads.keyOf(Map.of("kind", "GPU_HOURS", "product", "H100-80GB", "pricingModel", "SPOT")))
                .isEqualTo("GPU_HOURS|H100-80GB|SPOT");
        assertThat(spreads.keyOf(tokenSpread)).isEqualTo("TOKENS|gpt-4o|");
    }
}
