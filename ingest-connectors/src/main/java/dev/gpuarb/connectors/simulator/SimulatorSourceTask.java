package dev.gpuarb.connectors.simulator;

import dev.gpuarb.connectors.core.PollingSourceTask;
import dev.gpuarb.connectors.core.PriceSource;
import dev.gpuarb.connectors.core.SourceContext;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;

public final class SimulatorSourceTask extends PollingSourceTask {

    @Override
    protected ConfigDef configDef() {
        return SimulatorConfig.CONFIG_DEF;
    }

    @Override
    protected PriceSource createSource(Map<String, String> props, SourceContext context) {
        return new SimulatorSource(new SimulatorConfig(props), context.clock());
    }
}
