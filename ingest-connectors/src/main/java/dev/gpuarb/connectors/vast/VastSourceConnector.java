package dev.gpuarb.connectors.vast;

import dev.gpuarb.connectors.core.PriceSourceConnector;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.Task;

/** Live GPU marketplace prices from Vast.ai's offer search, one offer per machine and GPU count. */
public final class VastSourceConnector extends PriceSourceConnector {

    @Override
    public Class<? extends Task> taskClass() {
        return VastSourceTask.class;
    }

    @Override
    public ConfigDef config() {
        return VastConfig.CONFIG_DEF;
    }
}
