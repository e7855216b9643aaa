package dev.gpuarb.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigTableTest {

    private static final ConfigDef DEF = new ConfigDef()
            .define("source.url", Type.STRING, ConfigDef.NO_DEFAULT_VALUE, Importance.HIGH, "where | from")
            .define("poll.interval.ms", Type.LONG, 300_000L, Range.atLeast(0), Importance.LOW, "between polls")
            .define("page.size", Type.INT, 1000, Range.between(5, 1000), Importance.LOW, "per request")
            .define("regions", Type.LIST, List.of("a", "b"), Importance.LOW, "regions")
            .define("filter", Type.STRING, "", Importance.LOW, "a filter")
            .define("api.key", Type.PASSWORD, null, Importance.LOW, "a key")
            .define("enabled", Type.BOOLEAN, true, Importance.LOW, "on or off")
            .defineInternal("shard.index", Type.INT, 0, Importance.LOW);

    @Test
    void everyKeyInDefinitionOrderWithItsDefaultValidValuesAndMeaning() {
        assertThat(ConfigTable.markdown(DEF)).isEqualTo("""
                        | key | default | valid values | meaning |
                        |---|---|---|---|
                        | `source.url` | (required) | text | where \\| from |
                        | `poll.interval.ms` | 300000 (5 min) | ≥ 0 | between polls |
                        | `page.size` | 1000 | [5, 1000] | per request |
                        | `regions` | `a,b` | list | regions |
                        | `filter` | (empty) | text | a filter |
                        | `api.key` | (empty) | text | a key |
                        | `enabled` | true | true, false | on or off |
                        """);
        assertThat(ConfigTable.markdown(DEF, k -> k.startsWith("p")))
                .contains("`poll.interval.ms`", "`page.size`")
                .doesNotContain("`regions`");
    }

    @Test
    void durationsReadInTheLargestUnitThatDividesThem() {
        assertThat(ConfigTable.inWords(300_000)).isEqualTo("5 min");
        assertThat(ConfigTable.inWords(3_600_000)).isEqualTo("1 h");
        assertThat(ConfigTable.inWords(86_400_000)).isEqualTo("1 day");
        assertThat(ConfigTable.inWords(7 * 86_400_000L)).isEqualTo("7 days");
        assertThat(ConfigTable.inWords(90_000)).isEqualTo("90 s");
    }

    @Test
    void aDriftedBlockFailsAndIsRewrittenOnRequest(@TempDir Path dir) throws Exception {
        Path doc = dir.resolve("README.md");
        Files.writeString(doc, "# x\n<!-- t:start -->\nold\n<!-- t:end -->\nafter\n", StandardCharsets.UTF_8);
        GeneratedBlock block = new GeneratedBlock(doc, "t");
        String before = System.getProperty(GeneratedBlock.WRITE);
        try {
            System.clearProperty(GeneratedBlock.WRITE);
            assertThatThrownBy(() -> block.assertHolds("new\n")).hasMessageContaining("regenerate");
            System.setProperty(GeneratedBlock.WRITE, "true");
            block.assertHolds("new\n");
        } finally {
            if (before == null) {
                System.clearProperty(GeneratedBlock.WRITE);
            } else {
                System.setProperty(GeneratedBlock.WRITE, before);
            }
        }
        assertThat(Files.readString(doc, StandardCharsets.UTF_8))
                .isEqualTo("# x\n<!-- t:start -->\nnew\n<!-- t:end -->\nafter\n");
        block.assertHolds("new\n");
        assertThatThrownBy(() -> new GeneratedBlock(doc, "missing").assertHolds("x"))
                .hasMessageContaining("marks");
    }
}
