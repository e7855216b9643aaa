package dev.gpuarb.connectors.simulator;

import dev.gpuarb.connectors.core.PriceSourceConnector;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.Task;

/** A seeded, deterministic market of GPU and token offers, for demos and benchmarks. Offers are sharded across tasks. */
public final class SimulatorSourceConnector extends PriceSourceConnector {

    @Override
    public Class<? extends Task> taskClass() {
        return SimulatorSourceTask.class;
    }

    @Override
    public ConfigDef config() {
        return SimulatorConfig.CONFIG_DEF;
    }

    @Override
    protected List<Map<String, String>> splitWork(Map<String, String> props, int maxTasks) {
        List<Map<String, String>> configs = new ArrayList<>();
        for (int i = 0; i < maxTasks; i++) {
            Map<String, String> task = new HashMap<>(props);
            task.put(SimulatorConfig.SHARD_INDEX, Integer.toString(i));
            task.put(SimulatorConfig.SHARD_COUNT, Integer.toString(maxTasks));
            configs.add(task);
        }
        return configs;
    }
}
