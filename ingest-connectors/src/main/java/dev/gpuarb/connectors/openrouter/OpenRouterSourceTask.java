package dev.gpuarb.connectors.openrouter;

import dev.gpuarb.connectors.core.PollingSourceTask;
import dev.gpuarb.connectors.core.PriceSource;
import dev.gpuarb.connectors.core.SourceContext;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;

public final class OpenRouterSourceTask extends PollingSourceTask {

    @Override
    protected ConfigDef configDef() {
        return OpenRouterConfig.CONFIG_DEF;
    }

    @Override
    protected PriceSource createSource(Map<String, String> props, SourceContext context) {
        return new OpenRouterSource(new OpenRouterConfig(props), context);
    }
}
