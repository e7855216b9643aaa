package dev.gpuarb.streams.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SourceSummariesTest {

    private static final Instant NOW = Instant.parse("2026-12-06T12:00:00Z");

    private static Map<String, Object> offer(String source, String observedAt, String validUntil, boolean withdrawn) {
        Map<String, Object> offer = new HashMap<>();
        offer.put("source", source);
        offer.put("observedAt", observedAt);
        offer.put("validUntil", validUntil);
        offer.put("withdrawn", withdrawn);
        return offer;
    }

    @Test
    void countsLiveWithdrawnAndExpiredOffersAndTheNewestPricePerSource() {
        List<Object> gpu = List.of(
                offer("skypilot-catalog", "2026-12-06T11:00:00Z", "2026-12-06T14:00:00Z", false), // live
                offer("skypilot-catalog", "2026-12-06T11:30:00Z", null, false), // live, never expires
                offer("skypilot-catalog", "2026-12-06T08:00:00Z", "2026-12-06T11:00:00Z", false), // expired
                offer("skypilot-catalog", "2026-12-06T11:45:00Z", null, true), // withdrawn, newest
                offer("azure-retail", "2026-12-06T10:00:00Z", "2026-12-06T12:00:00Z", false)); // expires exactly now
        List<Object> tokens = List.of(
                offer("openrouter", "2026-12-06T11:59:00Z", "2026-12-06T15:00:00Z", false), Map.of("no", "source"));

        List<Map<String, Object>> summaries = SourceSummaries.of(Map.of("gpu", gpu, "tokens", tokens), NOW);

        assertThat(summaries)
                .extracting(s -> s.get("source"))
                .containsExactly("azure-retail", "openrouter", "skypilot-catalog");
        Map<String, Object> skypilot = summaries.get(2);
        assertThat(skypilot)
                .containsEntry("offers", 4L)
                .containsEntry("live", 2L)
                .containsEntry("withdrawn", 1L)
                .containsEntry("expired", 1L)
                .containsEntry("newestObservedAt", "2026-12-06T11:45:00Z")
                .containsEntry("kinds", List.of("gpu"));
        assertThat(summaries.get(0)).containsEntry("live", 0L).containsEntry("expired", 1L);
        assertThat(summaries.get(1)).containsEntry("kinds", List.of("tokens")).containsEntry("live", 1L);
    }

    @Test
    void summariesOfSeveralInstancesAddUpAndKeepTheNewestTime() {
        List<Object> fromTwoInstances = List.of(
                Map.of(
                        "source",
                        "litellm-catalog",
                        "kinds",
                        List.of("tokens"),
                        "offers",
                        10,
                        "live",
                        9,
                        "withdrawn",
                        1,
                        "expired",
                        0,
                        "newestObservedAt",
                        "2026-12-06T11:00:00Z"),
                Map.of(
                        "source",
                        "litellm-catalog",
                        "kinds",
                        List.of("tokens"),
                        "offers",
                        5,
                        "live",
                        3,
                        "withdrawn",
                        0,
                        "expired",
                        2,
                        "newestObservedAt",
                        "2026-12-06T11:10:00Z"),
                Map.of(
                        "source",
                        "vast",
                        "kinds",
                        List.of("gpu"),
                        "offers",
                        1,
                        "live",
                        1,
                        "withdrawn",
                        0,
                        "expired",
                        0));

        List<Map<String, Object>> merged = SourceSummaries.merge(fromTwoInstances);

        assertThat(merged).hasSize(2);
        assertThat(merged.get(0))
                .containsEntry("offers", 15L)
                .containsEntry("live", 12L)
                .containsEntry("withdrawn", 1L)
                .containsEntry("expired", 2L)
                .containsEntry("newestObservedAt", "2026-12-06T11:10:00Z");
        assertThat(merged.get(1)).containsEntry("source", "vast").containsEntry("newestObservedAt", null);
    }
}
