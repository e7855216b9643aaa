package dev.gpuarb.connectors.openrouter;

import dev.gpuarb.connectors.core.PriceSourceConnector;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.Task;

/** Per-provider LLM token prices from OpenRouter's public model and endpoint lists. */
public final class OpenRouterSourceConnector extends PriceSourceConnector {

    @Override
    public Class<? extends Task> taskClass() {
        return OpenRouterSourceTask.class;
    }

    @Override
    public ConfigDef config() {
        return OpenRouterConfig.CONFIG_DEF;
    }
}
