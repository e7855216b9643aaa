package dev.gpuarb.connectors.openrouter;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gpuarb.connectors.core.FixtureHttpServer;
import dev.gpuarb.connectors.core.FixtureHttpServer.Reply;
import dev.gpuarb.connectors.core.PollingSourceTask;
import dev.gpuarb.connectors.core.TaskHarness;
import dev.gpuarb.testkit.CapturedLogs;
import dev.gpuarb.vocab.RejectReason;
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
                 "throughput_last_30m": {"p50": 61.0, "p75": 48.2, "p90": 33.0, "p99": 12.5}}""".formatted(provider, prompt, completion, provider, tag, quantization);
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
        records.stream()
                .filter(r -> r.topic().equals("prices.tokens"))
                .forEach(r -> byKey.put((String) r.key(), (Struct) r.value()));
        return byKey;
    }

    @Test
    void pricesEveryServingProviderOfEveryTextModel() throws Exception {
        server.on("/api/v1/models", Reply.ok(MODELS));
        server.on(
                "/api/v1/models/meta-llama/llama-3.3-70b-instruct/endpoints",
                Reply.status(502),
                Reply.ok(endpoints(
                        "meta-llama/llama-3.3-70b-instruct",
                        endpoint("DeepInfra", "deepinfra/fp8", "fp8", "0.00000023", "0.0000004"),
                        endpoint("DeepInfra", "deepinfra/bf16", "bf16", "0.00000035", "0.0000004"),
                        endpoint("Together", "together", "unknown", "0.00000088", "0.00000088"),
                        endpoint("Broken", "broken", "fp16", "abc", "0.000001"))));
        server.on(
                "/api/v1/models/openai/gpt-4o/endpoints",
                Reply.ok(endpoints(
                        "openai/gpt-4o",
                        endpoint("OpenAI", "openai", "unknown", "0.0000025", "0.00001"),
                        endpoint("Azure", "azure", "unknown", "0.0000025", "0.00001"))));
        server.on("/api/v1/models/acme/removed-model/endpoints", Reply.status(404));
        TaskHarness harness = new TaskHarness(OpenRouterSourceTask::new, props(true));
        harness.start();

        List<SourceRecord> first = harness.poll();
        Map<String, Struct> tokens = tokensByKey(first);
        assertThat(tokens)
                .containsOnlyKeys(
                        "deepinfra|llama-3.3-70b-instruct|",
                        "together|llama-3.3-70b-instruct|",
                        "openai|gpt-4o|",
                        "azure|gpt-4o|");
        Struct deepinfra = tokens.get("deepinfra|llama-3.3-70b-instruct|");
        assertThat(deepinfra.getFloat64("usdPerMillionInput"))
                .as("the cheaper of two quantizations")
                .isEqualTo(0.23);
        assertThat(deepinfra.getFloat64("usdPerMillionOutput")).isEqualTo(0.4);
        assertThat(deepinfra.getString("providerModelId")).isEqualTo("meta-llama/llama-3.3-70b-instruct");
        assertThat(deepinfra.getInt64("maxInputTokens")).isEqualTo(131072L);
        assertThat(deepinfra.getArray("tags")).containsExactly("via-openrouter", "quantization:fp8");
        assertThat(deepinfra.getString("source")).isEqualTo("openrouter");
        assertThat(first)
                .filteredOn(r -> r.topic().equals("prices.rejected"))
                .extracting(r -> ((Struct) r.value()).getString("reason"))
                .containsExactly(RejectReason.BAD_NUMBER.name());

        PollingSourceTask task = (PollingSourceTask) harness.task();
        assertThat(task.metrics().skipped(OpenRouterSource.SKIPPED_FREE)).isEqualTo(1);
        assertThat(task.metrics().skipped(OpenRouterSource.SKIPPED_VARIABLE)).isEqualTo(1);
        assertThat(task.metrics().skipped(OpenRouterSource.SKIPPED_NOT_TEXT)).isEqualTo(1);
        assertThat(task.metrics().skipped(OpenRouterSource.SKIPPED_GONE)).isEqualTo(1);
        assertThat(server.requests())
                .filteredOn(r -> r.contains("llama-3.3-70b-instruct/endpoints"))
                .as("retried after the 502")
                .hasSize(2);

        assertThat(harness.poll()).as("unchanged prices are not sent again").isEmpty();
        harness.stop();
    }

    @Test
    void modelListModePricesOpenRouterItselfInOneRequest() throws Exception {
        server.on("/api/v1/models", Reply.ok(MODELS));
        TaskHarness harness = new TaskHarness(OpenRouterSourceTask::new, props(false));
        harness.start();
        Map<String, Struct> tokens = tokensByKey(harness.poll());
        assertThat(tokens)
                .containsOnlyKeys(
                        "openrouter|llama-3.3-70b-instruct|", "openrouter|gpt-4o|", "openrouter|removed-model|");
        assertThat(tokens.get("openrouter|gpt-4o|").getFloat64("usdPerMillionCachedInput"))
                .isEqualTo(1.25);
        assertThat(tokens.get("openrouter|gpt-4o|").getFloat64("usdPerMillionInput"))
                .isEqualTo(2.5);
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
        assertThat(((PollingSourceTask) harness.task()).metrics().pollFailures())
                .isEqualTo(1);
        assertThat(server.requests()).hasSize(3);
        harness.stop();
    }

    private static String model(String idAsJson) {
        return """
                {"id": "%s", "name": "model", "context_length": 131072,
                 "architecture": {"modality": "text->text", "output_modalities": ["text"]},
                 "pricing": {"prompt": "0.000001", "completion": "0.000002"}}""".formatted(idAsJson);
    }

    @Test
    void oneBadModelCostsOnlyItsOwnPrices() throws Exception {
        String red = "acme/\u001b[31mred\u001b[0m\r\nWARN forged line";
        server.on(
                "/api/v1/models",
                Reply.ok("{\"data\": ["
                        + String.join(
                                ",",
                                model("openai/gpt-4o"),
                                model("acme/broken"),
                                model("acme/garbage"),
                                model(red.replace("\u001b", "\\u001b")
                                        .replace("\r", "\\r")
                                        .replace("\n", "\\n")),
                                model("acme/three/parts"),
                                model("acme/odd name?x=1#frag"),
                                model("meta-llama/llama-3.3-70b-instruct"))
                        + "]}"));
        server.on(
                "/api/v1/models/openai/gpt-4o/endpoints",
                Reply.ok(endpoints(
                        "openai/gpt-4o",
                        endpoint("OpenAI", "openai", "unknown", "0.0000025", "0.00001"),
                        endpoint("Azure", "azure", "unknown", "0.0000025", "0.00001"))));
        server.on("/api/v1/models/acme/broken/endpoints", Reply.status(500));
        server.on("/api/v1/models/acme/garbage/endpoints", Reply.ok("<html>upstream proxy error</html>"));
        server.on("/api/v1/models/" + red + "/endpoints", Reply.status(500));
        server.on(
                "/api/v1/models/acme/odd name?x=1#frag/endpoints",
                Reply.ok(endpoints(
                        "acme/odd name?x=1#frag",
                        endpoint("Fireworks", "fireworks", "fp8", "0.0000009", "0.0000009"))));
        server.on(
                "/api/v1/models/meta-llama/llama-3.3-70b-instruct/endpoints",
                Reply.ok(endpoints(
                        "meta-llama/llama-3.3-70b-instruct",
                        endpoint("DeepInfra", "deepinfra", "fp8", "0.00000023", "0.0000004"))));
        Map<String, String> props = props(true);
        props.put("http.max.retries", "1");
        TaskHarness harness = new TaskHarness(OpenRouterSourceTask::new, props);
        harness.start();

        List<SourceRecord> records;
        List<String> logs;
        try (CapturedLogs captured = CapturedLogs.project()) {
            records = harness.poll();
            logs = captured.lines();
        }

        assertThat(((PollingSourceTask) harness.task()).metrics().pollFailures())
                .isZero();
        Map<String, Struct> tokens = tokensByKey(records);
        assertThat(tokens).containsKeys("openai|gpt-4o|", "azure|gpt-4o|", "deepinfra|llama-3.3-70b-instruct|");
        assertThat(tokens.values())
                .extracting(t -> t.getString("providerModelId"))
                .as("an id with URL characters is sent as one path segment and priced")
                .containsOnly("openai/gpt-4o", "meta-llama/llama-3.3-70b-instruct", "acme/odd name?x=1#frag");
        assertThat(tokens).hasSize(4);
        List<Struct> rejected = records.stream()
                .filter(r -> r.topic().equals("prices.rejected"))
                .map(r -> (Struct) r.value())
                .toList();
        assertThat(rejected)
                .extracting(r -> r.getString("reason"))
                .containsExactlyInAnyOrder(
                        RejectReason.FETCH_FAILED.name(),
                        RejectReason.MALFORMED_JSON.name(),
                        RejectReason.FETCH_FAILED.name(),
                        RejectReason.BAD_ID.name());
        assertThat(rejected)
                .filteredOn(r -> r.getString("reason").equals(RejectReason.FETCH_FAILED.name()))
                .extracting(r -> r.getString("location"))
                .anySatisfy(l -> assertThat(l).endsWith("/models/acme/broken/endpoints"));
        assertThat(server.requests())
                .as("nothing was requested for the id that is not author/slug")
                .noneMatch(r -> r.contains("three"));

        assertThat(logs)
                .filteredOn(l -> l.contains("OpenRouterSource"))
                .hasSize(2)
                .anySatisfy(l -> assertThat(l).contains("acme/\\u001b[31mred\\u001b[0m\\r\\nWARN forged line"))
                .allSatisfy(l -> assertThat(l).doesNotContain("\u001b", "\r", "\n"));
        harness.stop();
    }

    @Test
    void modelsFailingInARowMeanTheApiIsDownAndFailThePoll() throws Exception {
        server.on(
                "/api/v1/models",
                Reply.ok("{\"data\": ["
                        + String.join(",", model("a/one"), model("a/two"), model("a/three"), model("a/four")) + "]}"));
        for (String slug : List.of("one", "two", "three", "four")) {
            server.on("/api/v1/models/a/" + slug + "/endpoints", Reply.status(503));
        }
        Map<String, String> props = props(true);
        props.put("http.max.retries", "0");
        TaskHarness harness = new TaskHarness(OpenRouterSourceTask::new, props);
        harness.start();

        assertThat(harness.poll()).isEmpty();
        assertThat(((PollingSourceTask) harness.task()).metrics().pollFailures())
                .isEqualTo(1);
        assertThat(server.requests()).as("the models list, then three models").hasSize(4);
        harness.stop();
    }
}
