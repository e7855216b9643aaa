package dev.gpuarb.connectors.vast;

import dev.gpuarb.connectors.core.PollingSourceTask;
import dev.gpuarb.connectors.core.PriceSource;
import dev.gpuarb.connectors.core.SourceContext;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;

public final class VastSourceTask extends PollingSourceTask {

    @Override
    protected ConfigDef configDef() {
        return VastConfig.CONFIG_DEF;
    }

    @Override
    protected PriceSource createSource(Map<String, String> props, SourceContext context) {
        return new VastSource(new VastConfig(props), context);
    }
}
