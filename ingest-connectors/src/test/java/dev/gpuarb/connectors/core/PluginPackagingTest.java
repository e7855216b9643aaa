package dev.gpuarb.connectors.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.ServiceLoader;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.source.ExactlyOnceSupport;
import org.apache.kafka.connect.source.SourceConnector;
import org.junit.jupiter.api.Test;

/** What a Connect worker sees of the plugin: service registration, config documentation, task classes. */
class PluginPackagingTest {

    private static List<SourceConnector> connectors() {
        return ServiceLoader.load(SourceConnector.class).stream()
                .map(ServiceLoader.Provider::get)
                .toList();
    }

    @Test
    void everyConnectorIsRegisteredForServiceLoading() {
        assertThat(connectors())
                .extracting(c -> c.getClass().getSimpleName())
                .contains(
                        "SkyPilotCatalogSourceConnector",
                        "AwsSpotSourceConnector",
                        "LiteLlmSourceConnector",
                        "SimulatorSourceConnector",
                        "AzureRetailSourceConnector",
                        "OpenRouterSourceConnector",
                        "VastSourceConnector");
    }

    @Test
    void everyConfigKeyIsDocumentedAndTasksAreCreatable() throws Exception {
        for (SourceConnector connector : connectors()) {
            ConfigDef def = connector.config();
            assertThat(def.configKeys())
                    .containsKeys(
                            CommonSourceConfig.POLL_INTERVAL_MS,
                            CommonSourceConfig.HEARTBEAT_INTERVAL_MS,
                            CommonSourceConfig.TOPIC_REJECTED);
            def.configKeys()
                    .values()
                    .forEach(key -> assertThat(key.documentation)
                            .as("%s of %s", key.name, connector.getClass())
                            .isNotBlank());
            assertThat(connector.taskClass().getDeclaredConstructor().newInstance())
                    .isInstanceOf(PollingSourceTask.class);
            assertThat(connector.version()).isNotBlank();
            assertThat(connector.exactlyOnceSupport(java.util.Map.of())).isEqualTo(ExactlyOnceSupport.SUPPORTED);
        }
    }
}
