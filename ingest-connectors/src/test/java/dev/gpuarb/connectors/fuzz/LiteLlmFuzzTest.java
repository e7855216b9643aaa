package dev.gpuarb.connectors.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gpuarb.connectors.core.FixtureHttpServer;
import dev.gpuarb.connectors.core.FixtureHttpServer.Reply;
import dev.gpuarb.connectors.core.TaskHarness;
import dev.gpuarb.connectors.litellm.LiteLlmConfig;
import dev.gpuarb.connectors.litellm.LiteLlmSourceTask;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

/** The LiteLLM price catalog, fetched over loopback HTTP, under malformed documents. */
class LiteLlmFuzzTest {

    static final String SEED = """
            {
              "sample_spec": {"litellm_provider": "one of https://docs.litellm.ai/docs/providers", "mode": "one of chat"},
              "gpt-4o": {"litellm_provider": "openai", "mode": "chat", "input_cost_per_token": 2.5e-06,
                         "output_cost_per_token": 1e-05, "cache_read_input_token_cost": 1.25e-06, "max_input_tokens": 128000},
              "vertex_ai/gemini-2.5-pro": {"litellm_provider": "vertex_ai-language-models", "mode": "chat",
                         "input_cost_per_token": 1.25e-06, "output_cost_per_token": 1e-05, "max_tokens": 65536},
              "dall-e-3": {"litellm_provider": "openai", "mode": "image_generation", "input_cost_per_pixel": 1e-08}
            }
            """;

    private static FixtureHttpServer server;

    @BeforeAll
    static void start() throws Exception {
        server = new FixtureHttpServer();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static Gen<String> documents() {
        return Mutations.json(SEED);
    }

    @Test
    void malformedCatalogsAreRejectedNeverThrown() {
        Theories.forAll(documents(), doc -> {
            server.on("/prices.json", Reply.ok(doc));
            TaskHarness harness = new TaskHarness(
                    LiteLlmSourceTask::new,
                    Map.of(
                            LiteLlmConfig.LOCATIONS,
                            server.uri("/prices.json").toString(),
                            "poll.interval.ms",
                            "0",
                            "http.retry.backoff.initial.ms",
                            "1",
                            "http.retry.backoff.max.ms",
                            "5",
                            "http.requests.per.second",
                            "0"));
            harness.start();
            List<SourceRecord> records = PollChecks.pollCleanly(harness, 1);
            if (PollChecks.notAJsonObject(doc)) {
                assertThat(PollChecks.rejections(records))
                        .as("rejections of a document that is not a JSON object")
                        .isPositive();
            }
        });
    }
}
