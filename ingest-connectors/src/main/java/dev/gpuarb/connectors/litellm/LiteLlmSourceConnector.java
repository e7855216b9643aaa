package dev.gpuarb.connectors.litellm;

import dev.gpuarb.connectors.core.PriceSourceConnector;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.Task;

/** Token prices from LiteLLM's model_prices_and_context_window.json, from files or URLs. */
public final class LiteLlmSourceConnector extends PriceSourceConnector {

    @Override
    public Class<? extends Task> taskClass() {
        return LiteLlmSourceTask.class;
    }

    @Override
    public ConfigDef config() {
        return LiteLlmConfig.CONFIG_DEF;
    }
}
