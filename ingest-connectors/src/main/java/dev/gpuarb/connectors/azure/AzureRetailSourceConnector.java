package dev.gpuarb.connectors.azure;

import dev.gpuarb.connectors.core.PriceSourceConnector;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.Task;

/** Azure VM GPU prices (pay-as-you-go, spot, low-priority) from the public Retail Prices API. */
public final class AzureRetailSourceConnector extends PriceSourceConnector {

    @Override
    public Class<? extends Task> taskClass() {
        return AzureRetailSourceTask.class;
    }

    @Override
    public ConfigDef config() {
        return AzureRetailConfig.CONFIG_DEF;
    }
}
