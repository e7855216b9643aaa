package dev.gpuarb.connectors.skypilot;

import dev.gpuarb.connectors.core.PriceSourceConnector;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.Task;

/** Cloud GPU prices from catalog CSVs in the SkyPilot vms.csv layout, from files or URLs. */
public final class SkyPilotCatalogSourceConnector extends PriceSourceConnector {

    @Override
    public Class<? extends Task> taskClass() {
        return SkyPilotCatalogSourceTask.class;
    }

    @Override
    public ConfigDef config() {
        return SkyPilotCatalogConfig.CONFIG_DEF;
    }
}
