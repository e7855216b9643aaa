package dev.gpuarb.cli.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SourcePlanTest {

    @TempDir
    Path dir;

    @Test
    void theDefaultIsEveryPublicSourceAndNoSimulator() {
        SourcePlan plan = SourcePlan.parse(null, Map.of(), List.of());
        assertThat(plan.sources())
                .containsExactly(
                        LocalSource.SKYPILOT,
                        LocalSource.AZURE,
                        LocalSource.LITELLM,
                        LocalSource.OPENROUTER,
                        LocalSource.VAST);
        assertThat(plan.wantsRealSources()).isTrue();
        assertThat(SourcePlan.parse("real", Map.of(), List.of())).isEqualTo(plan);
    }

    @Test
    void namesListsAndTheSpecialWords() {
        assertThat(SourcePlan.parse("sim", Map.of(), List.of()).sources()).containsExactly(LocalSource.SIM);
        assertThat(SourcePlan.parse("sim", Map.of(), List.of()).wantsRealSources())
                .isFalse();
        assertThat(SourcePlan.parse(" LiteLLM , skypilot,litellm", Map.of(), List.of())
                        .sources())
                .containsExactly(LocalSource.LITELLM, LocalSource.SKYPILOT);
        assertThat(SourcePlan.parse("real,sim", Map.of(), List.of()).sources())
                .hasSize(6)
                .endsWith(LocalSource.SIM);
        assertThat(SourcePlan.parse("none", Map.of(), List.of()).sources()).isEmpty();
    }

    @Test
    void passwordSettingsAreTheSecretsAndNothingElseIs() {
        SourcePlan plan = SourcePlan.parse(
                "vast,skypilot",
                Map.of(
                        "vast.vast.api.key",
                        "k-123",
                        "vast.vast.min.reliability",
                        "0.95",
                        "skypilot.poll.interval.ms",
                        "600000"),
                List.of());
        assertThat(plan.secrets()).containsExactly(Map.entry("vast.vast.api.key", "k-123"));
        assertThat(SourcePlan.parse("vast", Map.of(), List.of()).secrets()).isEmpty();
    }

    @Test
    void anUnknownOrEmptySourceListIsRefusedWithTheKnownNames() {
        assertThatThrownBy(() -> SourcePlan.parse("skypilot,coinbase", Map.of(), List.of()))
                .hasMessageContaining("unknown source 'coinbase'")
                .hasMessageContaining("skypilot, azure, litellm, openrouter, vast, sim");
        assertThatThrownBy(() -> SourcePlan.parse(" , ", Map.of(), List.of())).hasMessageContaining("names no source");
    }

    @Test
    void settingsOverrideTheDefaultsAndAreCheckedByTheConnectorsOwnDefinition() {
        SourcePlan plan = SourcePlan.parse(
                "skypilot,azure",
                Map.of("skypilot.poll.interval.ms", "600000", "azure.azure.regions", "westeurope"),
                List.of());
        Map<String, String> skypilot = plan.connectorConfig(LocalSource.SKYPILOT, Instant.EPOCH);
        assertThat(skypilot)
                .containsEntry("poll.interval.ms", "600000")
                .containsEntry("connector.class", "dev.gpuarb.connectors.skypilot.SkyPilotCatalogSourceConnector");
        assertThat(plan.connectorConfig(LocalSource.AZURE, Instant.EPOCH)).containsEntry("azure.regions", "westeurope");

        assertThatThrownBy(() -> SourcePlan.parse("skypilot", Map.of("skypilot.poll.interval.ms", "-5"), List.of()))
                .hasMessageContaining("skypilot")
                .hasMessageContaining("poll.interval.ms");
        assertThatThrownBy(() -> SourcePlan.parse("skypilot", Map.of("skypilot.catalog.locatoins", "x"), List.of()))
                .hasMessageContaining("has no setting 'catalog.locatoins'")
                .hasMessageContaining("catalog.locations");
        assertThatThrownBy(() -> SourcePlan.parse("skypilot", Map.of("azure.azure.regions", "x"), List.of()))
                .hasMessageContaining("source azure is not among --sources (skypilot)");
        assertThatThrownBy(() -> SourcePlan.parse("real", Map.of("nasdaq.poll.interval.ms", "1"), List.of()))
                .hasMessageContaining("<source>.<setting>=<value>");
    }

    @Test
    void theSkyPilotDefaultReadsTheHostedCatalogsButNotAzuresWhichItsOwnSourcePrices() {
        String locations = SourcePlan.realSources()
                .connectorConfig(LocalSource.SKYPILOT, Instant.EPOCH)
                .get("catalog.locations");
        List<String> urls = List.of(locations.split(","));
        assertThat(urls)
                .allSatisfy(
                        u -> assertThat(u)
                                .matches(
                                        "https://raw\\.githubusercontent\\.com/skypilot-org/skypilot-catalog/master/catalogs/v7/[a-z]+/vms\\.csv"));
        assertThat(urls)
                .anyMatch(u -> u.contains("/aws/"))
                .anyMatch(u -> u.contains("/gcp/"))
                .anyMatch(u -> u.contains("/lambda/"))
                .noneMatch(u -> u.contains("/azure/"));
    }

    @Test
    void replayPathsMustExist() throws Exception {
        Path dump = Files.writeString(dir.resolve("lambda-vms.csv"), "InstanceType\n");
        assertThat(SourcePlan.parse("none", Map.of(), List.of(dump)).replay()).containsExactly(dump);
        assertThatThrownBy(() -> SourcePlan.parse("none", Map.of(), List.of(dir.resolve("missing"))))
                .hasMessageContaining("no such file or directory");
    }
}
