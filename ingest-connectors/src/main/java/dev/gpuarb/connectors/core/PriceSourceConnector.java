package dev.gpuarb.connectors.core;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.source.ExactlyOnceSupport;
import org.apache.kafka.connect.source.SourceConnector;

/**
 * The shared connector: validates the config and hands it to the tasks. By default one task does
 * all the work (a catalog file is one unit); connectors with separable work (regions, simulator
 * shards) override {@link #splitWork}.
 */
public abstract class PriceSourceConnector extends SourceConnector {

    private Map<String, String> props;

    @Override
    public void start(Map<String, String> props) {
        // Fail fast on a bad config: parse it once here, where the REST API reports the error.
        new CommonSourceConfig(config(), props);
        this.props = new HashMap<>(props);
    }

    @Override
    public List<Map<String, String>> taskConfigs(int maxTasks) {
        return splitWork(props, Math.max(1, maxTasks));
    }

    /** Task configs for up to {@code maxTasks} tasks; the default is one task with the whole config. */
    protected List<Map<String, String>> splitWork(Map<String, String> props, int maxTasks) {
        List<Map<String, String>> configs = new ArrayList<>();
        configs.add(new HashMap<>(props));
        return configs;
    }

    @Override
    public void stop() {}

    @Override
    public String version() {
        return Versions.plugin();
    }

    /**
     * Offsets are written only for records the task produced, and every emission carries its own
     * offset, so the worker's exactly-once mode (transactional offsets) applies as is.
     */
    @Override
    public ExactlyOnceSupport exactlyOnceSupport(Map<String, String> connectorConfig) {
        return ExactlyOnceSupport.SUPPORTED;
    }

    @Override
    public abstract ConfigDef config();
}
