package dev.gpuarb.connectors;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gpuarb.connectors.core.CommonSourceConfig;
import dev.gpuarb.testkit.ConfigTable;
import dev.gpuarb.testkit.GeneratedBlock;
import java.nio.file.Path;
import java.util.List;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.source.SourceConnector;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The README's configuration tables are the ones the ConfigDefs generate: the keys every connector
 * shares in one table, and in each connector's section its own keys and its poll interval (whose default
 * is the connector's own). Run with {@code -Dgpuarb.docs.write=true} to rewrite them from the definitions.
 */
class ConfigurationReferenceTest {

    private static final Path README = Path.of("README.md");

    private static ConfigDef common() {
        return CommonSourceConfig.define(new ConfigDef(), 0);
    }

    @Test
    void theCommonTableIsGeneratedFromTheSharedDefinitions() throws Exception {
        new GeneratedBlock(README, "config-table:common")
                .assertHolds(ConfigTable.markdown(common(), key -> !key.equals(CommonSourceConfig.POLL_INTERVAL_MS)));
    }

    @TestFactory
    Stream<DynamicTest> eachConnectorsTableIsGeneratedFromItsDefinition() {
        Set<String> shared = common().names();
        List<SourceConnector> connectors = ServiceLoader.load(SourceConnector.class).stream()
                .map(ServiceLoader.Provider::get)
                .filter(c -> c.getClass().getName().startsWith("dev.gpuarb."))
                .toList();
        assertThat(connectors).as("the connectors Connect finds").hasSizeGreaterThanOrEqualTo(7);
        return connectors.stream().map(connector -> {
            String name = connector.getClass().getSimpleName();
            return DynamicTest.dynamicTest(
                    name,
                    () -> new GeneratedBlock(README, "config-table:" + name)
                            .assertHolds(ConfigTable.markdown(
                                    connector.config(),
                                    key -> !shared.contains(key) || key.equals(CommonSourceConfig.POLL_INTERVAL_MS))));
        });
    }
}
