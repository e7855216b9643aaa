package dev.gpuarb.connectors.openrouter;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gpuarb.connectors.core.FixtureHttpServer;
import dev.gpuarb.connectors.core.FixtureHttpServer.Reply;
import dev.gpuarb.connectors.core.PollingSourceTask;
import dev.gpuarb.connectors.core.RejectReason;
import dev.gpuarb.connectors.core.TaskHarness;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class OpenRouterSourceTaskTest {

    private static final String MODELS = """
            {"data": [
              {"id": "meta-llama/llama-3.3-70b-instruct", "canonical_slug": "meta-llama/llama-3.3-70b-instruct",
               "name": "Meta: Llama 3.3 70B Instruct", "created": 1733506137, "context_length": 131072,
               "architecture": {"modality": "text->text", "input_modalities": ["text"], "output_modalities": ["text"],
                                "tokenizer": "Llama3", "instruct_type": "llama3"},
               "pricing": {"prompt": "0.00000013", "completion": "0.00000039", "request": "0", "image": "0"},
               "top_provider": {"context_length": 131072, "max_completion_tokens": 16384, "is_moderated": false}},
              {"id": "meta-llama/llama-3.3-70b-instruct:free", "name": "Meta: Llama 3.3 70B Instruct (free)",
               "context_length": 65536, "architecture": {"modality": "text->text", "output_modalities": ["text"]},
               "pricing": {"prompt": "0", "completion": "0"}},
              {"id": "openrouter/auto", "name": "Auto Router", "context_length": 2000000,
               "architecture": {"modality": "text->text", "output_modalities": ["text"]},
               "pricing": {"prompt": "-1", "completion": "-1"}},
              {"id": "black-forest-labs/flux-1", "name": "FLUX.1", "context_length": 4096,
               "architecture": {"modality": "text->image", "output_modalities": ["image"]},
               "pricing": {"prompt": "0", "completion": "0", "image": "0.04"}},
              {"id": "openai/gpt-4o", "name": "OpenAI: GPT-4o", "context_length": 128000,
               "architecture": {"modality": "text+image->text", "input_modalities": ["text", "image"],
                                "output_modalities": ["text"]},
               "pricing": {"prompt": "0.0000025", "completion": "0.00001", "input_cache_read": "0.00000125"}},
              {"id": "acme/removed-model", "name": "Removed", "context_length": 8192,
               "architecture": {"modality": "text->text", "output_modalities": ["text"]},
               "pricing": {"prompt": "0.000001", "completion": "0.000002"}}
            ]}""";

    private static String endpoint(String provider, String tag, String quantization, String prompt, String completion) {
        return """
                {"name": "%s | model", "model_name": "model", "context_length": 131072,
                 "pricing": {"prompt": "%s", "completion": "%s", "request": "0", "image": "0", "discount": 0},
                 "provider_name": "%s", "tag": "%s", "quantization": "%s", "max_completion_tokens": 16384,
                 "max_prompt_tokens": null, "supported_parameters": ["temperature", "max_tokens"], "status": 0,
                 "uptime_last_30m": 99.6, "supports_implicit_caching": false,
                 "latency_last_30m": {"p50": 0.41, "p75": 0.52, "p90": 0.77, "p99": 1.9},
                 "throughput_last_30m": {"p50": 61.0, "p75": 48.2, "p90": 33.0, "p99": 12.5}}"""
                .formatted(provider, prompt, completion, provider, tag, quantization);
    }

    private static String endpoints(String id, String... endpoints) {
        return """
                {"data": {"id": "%s", "name": "%s", "created": 1733506137, "description": "fixture",
                 "architecture": {"modality": "text->text", "input_modalities": ["text"], "output_modalities": ["text"],
                                  "tokenizer": "Other", "instruct_type": null},
                 "endpoints": [%s]}}""".formatted(id, id, String.join(",\n", endpoints));
    }

    private FixtureHttpServer server;

    @BeforeEach
    void startServer() throws Exception {
        server = new FixtureHttpServer();
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    private Map<String, String> props(boolean perProvider) {
        Map<String, String> props = new HashMap<>();
        props.put(OpenRouterConfig.API_URL, server.uri("/api/v1").toString());
        props.put(OpenRouterConfig.PER_PROVIDER, Boolean.toString(perProvider));
        props.put("poll.interval.ms", "0");
        props.put("http.retry.backoff.initial.ms", "1");
        props.put("http.retry.backoff.max.ms", "20");
        props.put("http.requests.per.second", "0");
        return props;
    }

    private static Map<String, Struct> tokensByKey(List<SourceRecord> records) {
        Map<String, Struct> byKey = new HashMap<>();
        records.stream().filter(r -> r.topic().equals("prices.tokens"))
                .forEach(r -> byKey.put((String) r.key(), (Struct) r.value()));
        return byKey;
    }

    @Test
    void pricesEveryServingProviderOfEveryTextModel() throws Exception {
        server.on("/api/v1/models", Reply.ok(MODELS));
        server.on("/api/v1/models/meta-llama/llama-3.3-70b-instruct/endpoints",
                Reply.status(502), Reply.ok(endpoints("meta-llama/llama-3.3-70b-instruct",
                        endpoint("DeepInfra", "deepinfra/fp8", "fp8", "0.00000023", "0.0000004"),
                        endpoint("DeepInfra", "deepinfra/bf16", "bf16", "0.00000035", "0.0000004"),
                        endpoint("Together", "together", "unknown", "0.00000088", "0.00000088"),
                        endpoint("Broken", "broken", "fp16", "abc", "0.000001"))));
        server.on("/api/v1/models/openai/gpt-4o/endpoints", Reply.ok(endpoints("openai/gpt-4o",
                endpoint("OpenAI", "openai", "unknown", "0.0000025", "0.00001"),
                endpoint("Azure", "azure", "unknown", "0.0000025", "0.00001"))));
        server.on("/api/v1/models/acme/removed-model/endpoints", Reply.status(404));
        TaskHarness harness = new TaskHarness(OpenRouterSourceTask::new, props(true));
        harness.start();

        List<SourceRecord> first = harness.poll();
        Map<String, Struct> tokens = tokensByKey(first);
        assertThat(tokens).containsOnlyKeys("deepinfra|llama-3.3-70b-instruct|", "together|llama-3.3-70b-instruct|",
                "openai|gpt-4o|", "azure|gpt-4o|");
        Struct deepinfra = tokens.get("deepinfra|llama-3.3-70b-instruct|");
        assertThat(deepinfra.getFloat64("usdPerMillionInput")).as("the cheaper of two quantizations").isEqualTo(0.23);
        assertThat(deepinfra.getFloat64("usdPerMillionOutput")).isEqualTo(0.4);
        assertThat(deepinfra.getString("providerModelId")).isEqualTo("meta-llama/llama-3.3-70b-instruct");
        assertThat(deepinfra.getInt64("maxInputTokens")).isEqualTo(131072L);
        assertThat(deepinfra.getArray("tags")).containsExactly("via-openrouter", "quantization:fp8");
        assertThat(deepinfra.getString("source")).isEqualTo("openrouter");
        assertThat(first).filteredOn(r -> r.topic().equals("prices.rejected"))
                .extracting(r -> ((Struct) r.value()).getString("reason"))
                .containsExactly(RejectReason.BAD_NUMBER.name());

        PollingSourceTask task = (PollingSourceTask) harness.task();
        assertThat(task.metrics().skipped(OpenRouterSource.SKIPPED_FREE)).isEqualTo(1);
        assertThat(task.metrics().skipped(OpenRouterSource.SKIPPED_VARIABLE)).isEqualTo(1);
        assertThat(task.metrics().skipped(OpenRouterSource.SKIPPED_NOT_TEXT)).isEqualTo(1);
        assertThat(task.metrics().skipped(OpenRouterSource.SKIPPED_GONE)).isEqualTo(1);
        assertThat(server.requests()).filteredOn(r -> r.contains("llama-3.3-70b-instruct/endpoints"))
                .as("retried after the 502").hasSize(2);

        assertThat(harness.poll()).as("unchanged prices are not sent again").isEmpty();
        harness.stop();
    }

    @Test
    void modelListModePricesOpenRouterItselfInOneRequest() throws Exception {
        server.on("/api/v1/models", Reply.ok(MODELS));
        TaskHarness harness = new TaskHarness(OpenRouterSourceTask::new, props(false));
        harness.start();
        Map<String, Struct> tokens = tokensByKey(harness.poll());
        assertThat(tokens).containsOnlyKeys("openrouter|llama-3.3-70b-instruct|", "openrouter|gpt-4o|",
                "openrouter|removed-model|");
        assertThat(tokens.get("openrouter|gpt-4o|").getFloat64("usdPerMillionCachedInput")).isEqualTo(1.25);
        assertThat(tokens.get("openrouter|gpt-4o|").getFloat64("usdPerMillionInput")).isEqualTo(2.5);
        assertThat(server.requests()).hasSize(1);
        harness.stop();
    }

    @Test
    void aModelListThatKeepsFailingFailsThePoll() throws Exception {
        server.on("/api/v1/models", Reply.status(500));
        Map<String, String> props = props(true);
        props.put("http.max.retries", "2");
        TaskHarness harness = new TaskHarness(OpenRouterSourceTask::new, props);
        harness.start();
        assertThat(harness.poll()).isEmpty();
        assertThat(((PollingSourceTask) harness.task()).metrics().pollFailures()).isEqualTo(1);
        assertThat(server.requests()).hasSize(3);
        harness.stop();
    }
}
