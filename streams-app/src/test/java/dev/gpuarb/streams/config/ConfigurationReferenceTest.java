package dev.gpuarb.streams.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

/**
 * The README's configuration reference is the one {@link AppConfigDef} generates, and every key the
 * code names is defined there. Run with {@code -Dgpuarb.docs.write=true} to rewrite the README's table
 * from the definitions.
 */
class ConfigurationReferenceTest {

    private static final Path README = Path.of("README.md");
    private static final String START = "<!-- config-table:start -->\n";
    private static final String END = "<!-- config-table:end -->";

    @Test
    void theReadmeTableIsGeneratedFromTheDefinitions() throws Exception {
        String readme = Files.readString(README, StandardCharsets.UTF_8);
        int start = readme.indexOf(START);
        int end = readme.indexOf(END);
        assertThat(start).as("the README marks where the generated table goes").isGreaterThanOrEqualTo(0);
        assertThat(end).isGreaterThan(start);
        String generated = AppConfigDef.markdownTable();
        if (Boolean.getBoolean("gpuarb.docs.write")) {
            readme = readme.substring(0, start + START.length()) + generated + readme.substring(end);
            Files.writeString(README, readme, StandardCharsets.UTF_8);
            end = readme.indexOf(END);
        }
        assertThat(readme.substring(start + START.length(), end))
                .as("streams-app/README.md's configuration table; regenerate it with -Dgpuarb.docs.write=true")
                .isEqualTo(generated);
    }

    @Test
    void everyKeyTheCodeNamesIsDefinedAndEveryDefinitionIsDocumented() throws Exception {
        Set<String> named = new TreeSet<>();
        for (Field f : AppConfig.class.getDeclaredFields()) {
            if (Modifier.isStatic(f.getModifiers())
                    && f.getType() == String.class
                    && !f.getName().equals("FX_PREFIX")
                    && !f.getName().equals("SHARED_COMMIT_INTERVAL")) {
                f.setAccessible(true);
                named.add((String) f.get(null));
            }
        }
        assertThat(named).as("keys named by AppConfig").hasSizeGreaterThan(40);
        // Every gpuarb.* key is defined; Kafka's own keys are defined where the applications set a default.
        assertThat(AppConfigDef.DEFINITION.names())
                .filteredOn(k -> k.startsWith("gpuarb."))
                .containsExactlyInAnyOrderElementsOf(
                        named.stream().filter(k -> k.startsWith("gpuarb.")).toList());
        assertThat(named).containsAll(AppConfigDef.DEFINITION.names());
        AppConfigDef.DEFINITION
                .configKeys()
                .values()
                .forEach(key -> assertThat(key.documentation)
                        .as(key.name + " has a meaning")
                        .isNotBlank());
    }

    @Test
    void durationsReadInWords() {
        assertThat(AppConfigDef.inWords(300_000)).isEqualTo("5 min");
        assertThat(AppConfigDef.inWords(3_600_000)).isEqualTo("1 h");
        assertThat(AppConfigDef.inWords(86_400_000)).isEqualTo("1 day");
        assertThat(AppConfigDef.inWords(7 * 86_400_000L)).isEqualTo("7 days");
        assertThat(AppConfigDef.inWords(90_000)).isEqualTo("90 s");
        assertThat(AppConfigDef.markdownTable())
                .contains("| `gpuarb.grace.ms` | 300000 (5 min) | ≥ 0 |")
                .contains("| `gpuarb.bids.percentile` | 90.0 | (0, 100] |")
                .contains("| `gpuarb.api.token` | (empty) | text |");
    }

    @Test
    void theDefinitionsRefuseWhatTheyDoNotAllowWithTheKeyInTheMessage() {
        assertThatThrownBy(() -> AppConfig.from(Map.of(AppConfig.LATENCY_SKETCH_ACCURACY, "1")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(AppConfig.LATENCY_SKETCH_ACCURACY)
                .hasMessageContaining("(0, 1)");
        assertThatThrownBy(() -> AppConfig.from(Map.of(AppConfig.MARGINS_FIXED_USD, "Infinity")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("finite");
        assertThatThrownBy(() -> AppConfig.from(Map.of(AppConfig.BIDS_MARGIN_PCT, "NaN")))
                .isInstanceOf(ConfigException.class);
        assertThatThrownBy(() -> AppConfig.from(Map.of(AppConfig.ROUTING_PARTITIONS, "1001")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(AppConfig.ROUTING_PARTITIONS);
        assertThatThrownBy(() -> AppConfig.from(Map.of(AppConfig.HISTORY_MAX_POINTS, "1")))
                .isInstanceOf(ConfigException.class);
        assertThatThrownBy(() -> AppConfig.from(Map.of(AppConfig.API_PORT, "eighty")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(AppConfig.API_PORT);
        assertThatThrownBy(() -> AppConfig.from(Map.of(AppConfig.PROCESSING_GUARANTEE, "exactly_once")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("exactly_once_v2");
        assertThatThrownBy(() -> AppConfig.from(Map.of(AppConfig.PROFILES_HORIZON_MS, "3600000")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(AppConfig.PROFILES_HORIZON_MS);
        assertThatThrownBy(() -> AppConfig.from(Map.of(AppConfig.PROFILES_HORIZON_MS, Long.toString(36L * 3_600_000))))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("whole number of days");
    }

    @Test
    void theApiTokenIsAPasswordSoKafkaNeverPrintsIt() {
        String token = "s3cret-token-value";
        assertThat(AppConfig.from(Map.of(AppConfig.API_TOKEN, token)).apiToken())
                .isEqualTo(token);
        // What Kafka's config logging and toString show of a parsed PASSWORD.
        Object parsed = AppConfigDef.DEFINITION
                .parse(Map.of(AppConfig.API_TOKEN, token))
                .get(AppConfig.API_TOKEN);
        assertThat(parsed.toString()).doesNotContain(token).isEqualTo("[hidden]");
    }
}
