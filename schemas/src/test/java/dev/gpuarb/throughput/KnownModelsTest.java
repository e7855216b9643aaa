package dev.gpuarb.throughput;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gpuarb.testkit.SharedData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class KnownModelsTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "llama-3.1-70b-instruct                                   | llama-3.1-70b-instruct",
                "meta-llama/llama-3.1-70b-instruct                        | llama-3.1-70b-instruct",
                "openrouter/meta-llama/llama-3.1-70b-instruct             | llama-3.1-70b-instruct",
                "openrouter/meta-llama/llama-3.1-70b-instruct:free        | llama-3.1-70b-instruct",
                "meta-llama/Meta-Llama-3.1-70B-Instruct                   | llama-3.1-70b-instruct",
                "together_ai/meta-llama/Meta-Llama-3.1-70B-Instruct-Turbo | llama-3.1-70b-instruct",
                "bedrock/meta.llama3-1-70b-instruct-v1:0                  | llama-3.1-70b-instruct",
                "bedrock/us.meta.llama3-1-70b-instruct-v1:0               | llama-3.1-70b-instruct",
                "llama3-1-70b-instruct                                    | llama-3.1-70b-instruct",
                "deepinfra/meta-llama/Meta-Llama-3.1-8B-Instruct          | llama-3.1-8b-instruct",
                "groq/llama-3.1-8b-instant                                | llama-3.1-8b-instruct",
                "fireworks_ai/accounts/fireworks/models/llama-v3p1-405b-instruct | llama-3.1-405b-instruct",
                "  LLAMA-3.3-70B-INSTRUCT                                 | llama-3.3-70b-instruct",
                "groq/llama-3.3-70b-versatile                             | llama-3.3-70b-instruct",
                "Qwen/Qwen2.5-72B-Instruct                                | qwen2.5-72b-instruct",
                "openrouter/qwen/qwen-2.5-7b-instruct                     | qwen2.5-7b-instruct",
                "qwen/qwen3-32b                                           | qwen3-32b",
                "mistralai/mistral-7b-instruct                            | mistral-7b-instruct-v0.3",
                "mistralai/Mistral-7B-Instruct-v0.3                       | mistral-7b-instruct-v0.3",
                "bedrock/mistral.mixtral-8x7b-instruct-v0:1               | mixtral-8x7b-instruct-v0.1",
                "openrouter/mistralai/mixtral-8x7b-instruct               | mixtral-8x7b-instruct-v0.1",
                "deepinfra/deepseek-ai/DeepSeek-V3                        | deepseek-v3",
                "openrouter/deepseek/deepseek-chat-v3-0324                | deepseek-v3-0324",
                "together_ai/deepseek-ai/DeepSeek-R1                      | deepseek-r1",
                "bedrock/us.deepseek.r1-v1:0                              | deepseek-r1",
                "deepseek-v3-2-251201                                     | deepseek-v3.2",
                "openrouter/openai/gpt-oss-120b:nitro                     | gpt-oss-120b",
                "ollama/gpt-oss:20b                                       | gpt-oss-20b",
            })
    void providerNamesResolveToTheSameModel(String name, String id) {
        assertThat(KnownModels.byName(name)).get().extracting(KnownModel::id).isEqualTo(id);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "   ",
                "llama",
                "llama-3.1-70b",
                "llama-3.1-7b-instruct",
                "llama-3.1-70b-instruct-v2",
                "meta-llama/llama-3.1-70b-instruct/extra",
                "llama-3.1-70b-instruct:thinking",
                "gpt-4o",
                "deepseek-chat",
                "deepseek/deepseek-chat",
                "deepseek-reasoner",
                "deepseek-v4-pro",
                "qwen3-7b",
                "mistral-7b-instruct-v0.1",
                "mixtral-8x22b-instruct",
                "gpt-oss-120",
                "openrouter/"
            })
    void everythingElseIsUnknown(String name) {
        assertThat(KnownModels.byName(name)).isEmpty();
    }

    @Test
    void nullIsUnknown() {
        assertThat(KnownModels.byName(null)).isEmpty();
    }

    @Test
    void everyKnownModelResolvesByItsOwnNames() {
        for (KnownModel model : KnownModels.all()) {
            assertThat(KnownModels.byName(model.id())).contains(model);
            for (String name : model.names()) {
                assertThat(KnownModels.byName(name)).as(name).contains(model);
            }
            assertThat(model.shape().name()).isEqualTo(model.id());
        }
    }

    @Test
    void mixturesCarryTotalAndActiveParameters() {
        assertThat(KnownModels.byName("mixtral-8x7b-instruct-v0.1")).get().satisfies(m -> {
            assertThat(m.shape().totalParams()).isEqualTo(46_702_792_704L);
            assertThat(m.shape().activeParams()).isEqualTo(12_879_925_248L);
            assertThat(m.shape().experts()).isEqualTo(new ModelShape.Experts(8, 2));
        });
        assertThat(KnownModels.byName("deepseek-r1")).get().satisfies(m -> {
            assertThat(m.shape().totalParams()).isEqualTo(671_000_000_000L);
            assertThat(m.shape().activeParams()).isEqualTo(37_000_000_000L);
        });
    }

    /**
     * Real LiteLLM price lists (read in place). Every model name in them that looks like an open-weight
     * family the table covers either resolves to the expected model or is listed here with why not; each
     * expected match is found. (No OpenRouter list is in the shared data.)
     */
    @Test
    void realLiteLlmNamesResolveWhereTheModelIsKnown() throws IOException {
        Path dir = SharedData.require("litellm");
        Map<String, String> expected = Map.of("deepseek-v3-2-251201", "deepseek-v3.2");
        Map<String, String> notTheSameProduct = Map.of(
                "deepseek-chat", "moving alias: whatever DeepSeek serves at the time",
                "deepseek-reasoner", "moving alias: whatever DeepSeek serves at the time",
                "deepseek-v4-flash", "DeepSeek V4: no published shape in the table",
                "deepseek-v4-pro", "DeepSeek V4: no published shape in the table");
        Pattern family = Pattern.compile("llama|qwen|mistral|mixtral|deepseek|gpt-oss");
        List<String> names = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".json"))
                    .sorted()
                    .toList()) {
                Iterator<String> keys =
                        new ObjectMapper().readTree(file.toFile()).fieldNames();
                keys.forEachRemaining(names::add);
            }
        }
        assertThat(names).hasSizeGreaterThan(300);
        Map<String, String> resolved = new HashMap<>();
        for (String name : names) {
            Optional<KnownModel> model = KnownModels.byName(name);
            model.ifPresent(m -> resolved.put(name, m.id()));
            if (family.matcher(name.toLowerCase(Locale.ROOT)).find() && model.isEmpty()) {
                assertThat(notTheSameProduct)
                        .as("unresolved open-weight name " + name)
                        .containsKey(name);
            }
        }
        assertThat(resolved).containsAllEntriesOf(expected);
        assertThat(expected).containsAllEntriesOf(resolved);
        for (KnownModel model : KnownModels.all()) {
            boolean hasRealName = resolved.containsValue(model.id());
            System.out.printf(
                    "%-28s %s%n", model.id(), hasRealName ? "matches a LiteLLM name" : "no LiteLLM name in the data");
        }
    }
}
