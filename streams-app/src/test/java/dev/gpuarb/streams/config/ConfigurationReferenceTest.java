package dev.gpuarb.streams.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gpuarb.testkit.ConfigTable;
import dev.gpuarb.testkit.GeneratedBlock;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

/**
 * The README's configuration reference is the table generated from {@link AppConfigDef}, and every key
 * the code names is defined there. Run with {@code -Dgpuarb.docs.write=true} to rewrite the README's
 * table from the definitions.
 */
class ConfigurationReferenceTest {

    @Test
    void theReadmeTableIsGeneratedFromTheDefinitions() throws Exception {
        new GeneratedBlock(Path.of("README.md"), "config-table")
                .assertHolds(ConfigTable.markdown(AppConfigDef.DEFINITION));
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
    void theTableShowsDurationsInWordsAndIntervalsAsWritten() {
        assertThat(ConfigTable.markdown(AppConfigDef.DEFINITION))
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
