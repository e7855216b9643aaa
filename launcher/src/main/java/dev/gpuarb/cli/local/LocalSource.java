package dev.gpuarb.cli.local;

import dev.gpuarb.connectors.azure.AzureRetailConfig;
import dev.gpuarb.connectors.azure.AzureRetailSource;
import dev.gpuarb.connectors.azure.AzureRetailSourceConnector;
import dev.gpuarb.connectors.litellm.LiteLlmConfig;
import dev.gpuarb.connectors.litellm.LiteLlmPriceParser;
import dev.gpuarb.connectors.litellm.LiteLlmSourceConnector;
import dev.gpuarb.connectors.openrouter.OpenRouterConfig;
import dev.gpuarb.connectors.openrouter.OpenRouterSource;
import dev.gpuarb.connectors.openrouter.OpenRouterSourceConnector;
import dev.gpuarb.connectors.simulator.SimulatorConfig;
import dev.gpuarb.connectors.simulator.SimulatorSource;
import dev.gpuarb.connectors.simulator.SimulatorSourceConnector;
import dev.gpuarb.connectors.skypilot.SkyPilotCatalogConfig;
import dev.gpuarb.connectors.skypilot.SkyPilotCatalogParser;
import dev.gpuarb.connectors.skypilot.SkyPilotCatalogSourceConnector;
import dev.gpuarb.connectors.vast.VastConfig;
import dev.gpuarb.connectors.vast.VastSource;
import dev.gpuarb.connectors.vast.VastSourceConnector;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.apache.kafka.common.config.ConfigDef;

/**
 * A price source the local run can stream from: the name a user types, the connector that runs it,
 * the {@code source} its records carry, and the connector setting that holds the address it reads
 * (what {@link SourceProbe} tries before the run starts).
 */
public enum LocalSource {
    SKYPILOT(
            "skypilot",
            "prices-skypilot",
            SkyPilotCatalogSourceConnector.class,
            SkyPilotCatalogConfig.CONFIG_DEF,
            SkyPilotCatalogParser.SOURCE,
            SkyPilotCatalogConfig.LOCATIONS,
            "cloud price catalogs in SkyPilot's layout (AWS, GCP, Lambda, RunPod, ...), hourly"),
    AZURE(
            "azure",
            "prices-azure",
            AzureRetailSourceConnector.class,
            AzureRetailConfig.CONFIG_DEF,
            AzureRetailSource.SOURCE,
            AzureRetailConfig.API_URL,
            "Azure Retail Prices API, GPU VM series, hourly"),
    LITELLM(
            "litellm",
            "prices-litellm",
            LiteLlmSourceConnector.class,
            LiteLlmConfig.CONFIG_DEF,
            LiteLlmPriceParser.SOURCE,
            LiteLlmConfig.LOCATIONS,
            "LiteLLM's per-token price map, hourly"),
    OPENROUTER(
            "openrouter",
            "prices-openrouter",
            OpenRouterSourceConnector.class,
            OpenRouterConfig.CONFIG_DEF,
            OpenRouterSource.SOURCE,
            OpenRouterConfig.API_URL,
            "OpenRouter models and their providers' endpoints, hourly"),
    VAST(
            "vast",
            "prices-vast",
            VastSourceConnector.class,
            VastConfig.CONFIG_DEF,
            VastSource.SOURCE,
            VastConfig.API_URL,
            "Vast.ai marketplace offer search (per machine, with host reliability and DLPerf), every minute"),
    SIM(
            "sim",
            "price-simulator",
            SimulatorSourceConnector.class,
            SimulatorConfig.CONFIG_DEF,
            SimulatorSource.SOURCE,
            null,
            "market simulator at 60x (simulated providers, not real prices)");

    private final String label;
    private final String connectorName;
    private final Class<?> connectorClass;
    private final ConfigDef configDef;
    private final String sourceId;
    private final String addressKey;
    private final String description;

    LocalSource(
            String label,
            String connectorName,
            Class<?> connectorClass,
            ConfigDef configDef,
            String sourceId,
            String addressKey,
            String description) {
        this.label = label;
        this.connectorName = connectorName;
        this.connectorClass = connectorClass;
        this.configDef = configDef;
        this.sourceId = sourceId;
        this.addressKey = addressKey;
        this.description = description;
    }

    /** The public sources, in the order the run starts them: the default of {@code --sources}. */
    public static List<LocalSource> real() {
        return Arrays.stream(values()).filter(LocalSource::isReal).toList();
    }

    public static Optional<LocalSource> byLabel(String label) {
        String wanted = label.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(s -> s.label.equals(wanted)).findFirst();
    }

    /** Whether it streams a provider's published prices (everything but the simulator). */
    public boolean isReal() {
        return this != SIM;
    }

    /** What {@code --sources} and {@code --source-setting} call it. */
    public String label() {
        return label;
    }

    /** Its connector's name in the Connect worker. */
    public String connectorName() {
        return connectorName;
    }

    public String connectorClass() {
        return connectorClass.getName();
    }

    /** Every setting its connector understands, for checking a user's settings before anything starts. */
    public ConfigDef configDef() {
        return configDef;
    }

    /** The {@code source} field of the prices it sends. */
    public String sourceId() {
        return sourceId;
    }

    /** The setting that holds the URL(s) it reads; empty for the simulator, which reads nothing. */
    public Optional<String> addressKey() {
        return Optional.ofNullable(addressKey);
    }

    public String description() {
        return description;
    }

    /** Connector names of every source, for finding connectors a previous run left registered. */
    static List<String> connectorNames() {
        return Arrays.stream(values()).map(LocalSource::connectorName).toList();
    }
}
