package dev.gpuarb.connectors.litellm;

import dev.gpuarb.connectors.core.PollingSourceTask;
import dev.gpuarb.connectors.core.PriceSource;
import dev.gpuarb.connectors.core.SourceContext;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;

public final class LiteLlmSourceTask extends PollingSourceTask {

    @Override
    protected ConfigDef configDef() {
        return LiteLlmConfig.CONFIG_DEF;
    }

    @Override
    protected PriceSource createSource(Map<String, String> props, SourceContext context) {
        return new LiteLlmSource(new LiteLlmConfig(props), context);
    }
}
