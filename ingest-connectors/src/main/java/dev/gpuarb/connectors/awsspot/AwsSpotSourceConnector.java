package dev.gpuarb.connectors.awsspot;

import dev.gpuarb.connectors.core.PriceSourceConnector;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.Task;

/**
 * AWS EC2 spot prices: DescribeSpotPriceHistory (api mode, regions split across tasks) or replay
 * of history dumps (replay mode, files split across tasks).
 */
public final class AwsSpotSourceConnector extends PriceSourceConnector {

    @Override
    public Class<? extends Task> taskClass() {
        return AwsSpotSourceTask.class;
    }

    @Override
    public ConfigDef config() {
        return AwsSpotConfig.CONFIG_DEF;
    }

    @Override
    protected List<Map<String, String>> splitWork(Map<String, String> props, int maxTasks) {
        AwsSpotConfig config = new AwsSpotConfig(props);
        boolean replay = AwsSpotConfig.MODE_REPLAY.equals(config.mode());
        List<String> units = replay ? config.replayLocations() : config.regions();
        String key = replay ? AwsSpotConfig.REPLAY_LOCATIONS : AwsSpotConfig.REGIONS;
        int tasks = Math.max(1, Math.min(maxTasks, units.size()));
        List<List<String>> groups = new ArrayList<>();
        for (int i = 0; i < tasks; i++) {
            groups.add(new ArrayList<>());
        }
        for (int i = 0; i < units.size(); i++) {
            groups.get(i % tasks).add(units.get(i));
        }
        List<Map<String, String>> configs = new ArrayList<>();
        for (List<String> group : groups) {
            Map<String, String> taskProps = new HashMap<>(props);
            taskProps.put(key, String.join(",", group));
            configs.add(taskProps);
        }
        return configs;
    }
}
