package dev.gpuarb.connectors.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gpuarb.connectors.core.FixtureHttpServer;
import dev.gpuarb.connectors.core.FixtureHttpServer.Reply;
import dev.gpuarb.connectors.core.TaskHarness;
import dev.gpuarb.connectors.openrouter.OpenRouterConfig;
import dev.gpuarb.connectors.openrouter.OpenRouterSourceTask;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

/** OpenRouter's models list and per-model endpoints, served over loopback HTTP, under malformed documents. */
class OpenRouterFuzzTest {

    static final String MODELS = """
            {"data": [
              {"id": "meta-llama/llama-3.3-70b-instruct", "canonical_slug": "meta-llama/llama-3.3-70b-instruct",
               "name": "Meta: Llama 3.3 70B Instruct", "created": 1733506137, "context_length": 131072,
               "architecture": {"modality": "text->text", "input_modalities": ["text"], "output_modalities": ["text"]},
               "pricing": {"prompt": "0.00000013", "completion": "0.00000039", "request": "0", "image": "0"},
               "top_provider": {"context_length": 131072, "max_completion_tokens": 16384, "is_moderated": false}},
              {"id": "openai/gpt-4o", "name": "OpenAI: GPT-4o", "context_length": 128000,
               "architecture": {"modality": "text+image->text", "output_modalities": ["text"]},
               "pricing": {"prompt": "0.0000025", "completion": "0.00001", "input_cache_read": "0.00000125"}}
            ]}""";

    static final String ENDPOINTS = """
            {"data": {"id": "openai/gpt-4o", "name": "openai/gpt-4o", "created": 1733506137,
             "architecture": {"modality": "text->text", "output_modalities": ["text"]},
             "endpoints": [
              {"name": "OpenAI | gpt-4o", "model_name": "gpt-4o", "context_length": 128000,
               "pricing": {"prompt": "0.0000025", "completion": "0.00001", "request": "0", "discount": 0},
               "provider_name": "OpenAI", "tag": "openai", "quantization": "unknown", "max_completion_tokens": 16384,
               "status": 0, "uptime_last_30m": 99.6,
               "latency_last_30m": {"p50": 0.41, "p75": 0.52, "p90": 0.77, "p99": 1.9},
               "throughput_last_30m": {"p50": 61.0, "p75": 48.2, "p90": 33.0, "p99": 12.5}},
              {"name": "Azure | gpt-4o", "model_name": "gpt-4o", "context_length": 128000,
               "pricing": {"prompt": "0.0000025", "completion": "0.00001"},
               "provider_name": "Azure", "tag": "azure", "quantization": "fp16", "status": 0,
               "latency_last_30m": {"p50": 0.5, "p99": 2.5}}
             ]}}""";

    private static final String ONE_MODEL = """
            {"data": [{"id": "openai/gpt-4o", "name": "OpenAI: GPT-4o", "context_length": 128000,
               "architecture": {"modality": "text->text", "output_modalities": ["text"]},
               "pricing": {"prompt": "0.0000025", "completion": "0.00001"}}]}""";

    private static FixtureHttpServer server;

    @BeforeAll
    static void start() throws Exception {
        server = new FixtureHttpServer();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static Map<String, String> httpProps() {
        Map<String, String> props = new HashMap<>();
        props.put("poll.interval.ms", "0");
        props.put("http.retry.backoff.initial.ms", "1");
        props.put("http.retry.backoff.max.ms", "5");
        props.put("http.max.retries", "0");
        props.put("http.requests.per.second", "0");
        return props;
    }

    private static Map<String, String> props(boolean perProvider) {
        Map<String, String> props = httpProps();
        props.put(OpenRouterConfig.API_URL, server.uri("/api/v1").toString());
        props.put(OpenRouterConfig.PER_PROVIDER, Boolean.toString(perProvider));
        return props;
    }

    private static Gen<String> models() {
        return Mutations.json(MODELS);
    }

    private static Gen<String> endpoints() {
        return Mutations.json(ENDPOINTS);
    }

    @Test
    void malformedModelListsAreRejectedNeverThrown() {
        Theories.forAll(models(), models -> {
            server.on("/api/v1/models", Reply.ok(models));
            TaskHarness harness = new TaskHarness(OpenRouterSourceTask::new, props(false));
            harness.start();
            List<SourceRecord> records = PollChecks.pollCleanly(harness, 1);
            if (PollChecks.notAJsonObject(models)) {
                assertThat(PollChecks.rejections(records))
                        .as("rejections of a list that is not a JSON object")
                        .isPositive();
            }
        });
    }

    @Test
    void malformedEndpointListsAreRejectedNeverThrown() {
        Theories.forAll(endpoints(), endpoints -> {
            server.on("/api/v1/models", Reply.ok(ONE_MODEL));
            server.on("/api/v1/models/openai/gpt-4o/endpoints", Reply.ok(endpoints));
            TaskHarness harness = new TaskHarness(OpenRouterSourceTask::new, props(true));
            harness.start();
            List<SourceRecord> records = PollChecks.pollCleanly(harness, 1);
            if (PollChecks.notAJsonObject(endpoints)) {
                assertThat(PollChecks.rejections(records))
                        .as("rejections of endpoints that are not a JSON object")
                        .isPositive();
            }
        });
    }
}
