package dev.gpuarb.connectors.litellm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.gpuarb.connectors.core.FixtureHttpServer;
import dev.gpuarb.connectors.core.FixtureHttpServer.Reply;
import dev.gpuarb.connectors.core.PollingSourceTask;
import dev.gpuarb.connectors.core.TaskHarness;
import dev.gpuarb.connectors.core.TricklingHttpServer;
import dev.gpuarb.vocab.RejectReason;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.Test;

class LiteLlmSourceTaskTest {

    private static final String PRICES = """
            {
              "sample_spec": {"litellm_provider": "one of https://docs.litellm.ai/docs/providers", "mode": "one of chat"},
              "gpt-4o": {"litellm_provider": "openai", "mode": "chat", "input_cost_per_token": 2.5e-06,
                         "output_cost_per_token": 1e-05, "cache_read_input_token_cost": 1.25e-06, "max_input_tokens": 128000},
              "vertex_ai/gemini-2.5-pro": {"litellm_provider": "vertex_ai-language-models", "mode": "chat",
                         "input_cost_per_token": 1.25e-06, "output_cost_per_token": 1e-05},
              "dall-e-3": {"litellm_provider": "openai", "mode": "image_generation", "input_cost_per_pixel": 1e-08}
            }
            """;

    @Test
    void pollsTheCatalogUrlThroughRateLimitsAndSendsOnlyChanges() throws Exception {
        try (FixtureHttpServer server = new FixtureHttpServer()) {
            server.on(
                    "/model_prices_and_context_window.json",
                    Reply.status(429).withHeader("Retry-After", "0"),
                    Reply.ok(PRICES),
                    Reply.ok(PRICES),
                    Reply.ok(PRICES.replace("1e-05, \"cache", "8e-06, \"cache")));
            Map<String, String> props = Map.of(
                    LiteLlmConfig.LOCATIONS,
                    server.uri("/model_prices_and_context_window.json").toString(),
                    "poll.interval.ms",
                    "0",
                    "http.retry.backoff.initial.ms",
                    "1");
            TaskHarness harness = new TaskHarness(LiteLlmSourceTask::new, props);
            harness.start();

            List<SourceRecord> first = harness.poll();
            assertThat(first)
                    .extracting(SourceRecord::key)
                    .containsExactlyInAnyOrder("openai|gpt-4o|", "vertex_ai|gemini-2.5-pro|");
            Struct gpt = (Struct) first.stream()
                    .filter(r -> r.key().equals("openai|gpt-4o|"))
                    .findFirst()
                    .orElseThrow()
                    .value();
            assertThat(gpt.getFloat64("usdPerMillionInput")).isCloseTo(2.5, org.assertj.core.data.Offset.offset(1e-9));
            assertThat(gpt.getFloat64("usdPerMillionOutput"))
                    .isCloseTo(10.0, org.assertj.core.data.Offset.offset(1e-9));
            assertThat(gpt.getFloat64("usdPerMillionCachedInput"))
                    .isCloseTo(1.25, org.assertj.core.data.Offset.offset(1e-9));
            assertThat(gpt.getInt64("maxInputTokens")).isEqualTo(128000L);
            assertThat(first.get(0).topic()).isEqualTo("prices.tokens");

            assertThat(harness.poll()).isEmpty();
            List<SourceRecord> changed = harness.poll();
            assertThat(changed).extracting(SourceRecord::key).containsExactly("openai|gpt-4o|");
            assertThat(((Struct) changed.get(0).value()).getFloat64("usdPerMillionOutput"))
                    .isCloseTo(8.0, org.assertj.core.data.Offset.offset(1e-9));
            harness.stop();
        }
    }

    @Test
    void aCatalogThatTricklesInFailsThePollWithinTheTimeLimit() throws Exception {
        try (TricklingHttpServer trickle = new TricklingHttpServer(Duration.ofMillis(300))) {
            Map<String, String> props = Map.of(
                    LiteLlmConfig.LOCATIONS,
                    trickle.uri("/prices.json").toString(),
                    "poll.interval.ms",
                    "0",
                    "http.request.timeout.ms",
                    "1500",
                    "http.max.retries",
                    "1",
                    "http.retry.backoff.initial.ms",
                    "1");
            TaskHarness harness = new TaskHarness(LiteLlmSourceTask::new, props);
            harness.start();
            long start = System.nanoTime();

            List<SourceRecord> records = assertTimeoutPreemptively(Duration.ofSeconds(90), harness::poll);

            assertThat(records).isEmpty();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(45));
            assertThat(((PollingSourceTask) harness.task()).metrics().pollFailures())
                    .isEqualTo(1);
            assertThat(trickle.connections()).as("two attempts").isEqualTo(2);
            harness.stop();
        }
    }

    @Test
    void aRedirectToAnotherHostIsRejectedAndNotFollowed() throws Exception {
        try (FixtureHttpServer server = new FixtureHttpServer();
                FixtureHttpServer elsewhere = new FixtureHttpServer()) {
            elsewhere.on("/prices.json", Reply.ok(PRICES));
            server.on(
                    "/moved.json",
                    Reply.status(302)
                            .withHeader(
                                    "Location", elsewhere.uri("/prices.json").toString()));
            server.on("/prices.json", Reply.ok(PRICES));
            Map<String, String> props = Map.of(
                    LiteLlmConfig.LOCATIONS,
                    server.uri("/moved.json") + "," + server.uri("/prices.json"),
                    "poll.interval.ms",
                    "0");
            TaskHarness harness = new TaskHarness(LiteLlmSourceTask::new, props);
            harness.start();

            List<SourceRecord> records = harness.poll();

            assertThat(records)
                    .filteredOn(r -> r.topic().equals("prices.tokens"))
                    .extracting(SourceRecord::key)
                    .as("the other location is still read")
                    .containsExactlyInAnyOrder("openai|gpt-4o|", "vertex_ai|gemini-2.5-pro|");
            assertThat(records)
                    .filteredOn(r -> r.topic().equals("prices.rejected"))
                    .extracting(
                            r -> ((Struct) r.value()).getString("reason"),
                            r -> ((Struct) r.value()).getString("location"))
                    .containsExactly(tuple(
                            RejectReason.REFUSED_LINK.name(),
                            server.uri("/moved.json").toString()));
            assertThat(elsewhere.requests()).as("the other host got nothing").isEmpty();
            harness.stop();
        }
    }

    @Test
    void anAllowedOriginIsSchemeHostAndPortOnly() {
        assertThat(new LiteLlmConfig(Map.of("http.allowed.origins", "https://mirror.example, http://127.0.0.1:8080/"))
                        .httpSettings()
                        .allowedOrigins())
                .hasSize(2);
        for (String bad : List.of(
                "mirror.example",
                "ftp://mirror.example",
                "https://mirror.example/prices.json",
                "https://user@mirror.example",
                "https://mirror.example?x=1")) {
            assertThatThrownBy(() -> new LiteLlmConfig(Map.of("http.allowed.origins", bad)))
                    .as(bad)
                    .isInstanceOf(ConfigException.class)
                    .hasMessageContaining("http.allowed.origins");
        }
    }
}
