package dev.gpuarb.connectors.skypilot;

import dev.gpuarb.connectors.core.PollingSourceTask;
import dev.gpuarb.connectors.core.PriceSource;
import dev.gpuarb.connectors.core.SourceContext;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;

public final class SkyPilotCatalogSourceTask extends PollingSourceTask {

    @Override
    protected ConfigDef configDef() {
        return SkyPilotCatalogConfig.CONFIG_DEF;
    }

    @Override
    protected PriceSource createSource(Map<String, String> props, SourceContext context) {
        return new SkyPilotCatalogSource(new SkyPilotCatalogConfig(props), context);
    }
}
