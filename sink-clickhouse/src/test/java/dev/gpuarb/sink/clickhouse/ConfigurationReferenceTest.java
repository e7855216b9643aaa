package dev.gpuarb.sink.clickhouse;

import dev.gpuarb.testkit.ConfigTable;
import dev.gpuarb.testkit.GeneratedBlock;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The README's configuration table is the one the connector's ConfigDef ({@link ClickHouseSinkConfig#DEF})
 * generates. Run with {@code -Dgpuarb.docs.write=true} to rewrite it from the definitions.
 */
class ConfigurationReferenceTest {

    @Test
    void theReadmeTableIsGeneratedFromTheDefinitions() throws Exception {
        new GeneratedBlock(Path.of("README.md"), "config-table")
                .assertHolds(ConfigTable.markdown(new ClickHouseSinkConnector().config()));
    }
}
