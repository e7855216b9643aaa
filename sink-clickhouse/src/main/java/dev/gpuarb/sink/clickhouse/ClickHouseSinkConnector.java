package dev.gpuarb.sink.clickhouse;

import dev.gpuarb.sink.clickhouse.db.ClickHouseException;
import dev.gpuarb.sink.clickhouse.db.ClickHouseGateway;
import dev.gpuarb.sink.clickhouse.migrate.Migrator;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.sink.SinkConnector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the pipeline's topics into ClickHouse tables, exactly once per record. Applies pending
 * schema migrations on start, before any task writes.
 */
public class ClickHouseSinkConnector extends SinkConnector {

    private static final Logger log = LoggerFactory.getLogger(ClickHouseSinkConnector.class);

    private Map<String, String> props;

    @Override
    public void start(Map<String, String> props) {
        this.props = Map.copyOf(props);
        ClickHouseSinkConfig config = new ClickHouseSinkConfig(props);
        if (config.applyMigrations()) {
            try (ClickHouseGateway gateway = new ClickHouseGateway(config.clickHouse())) {
                List<Integer> applied = new Migrator(gateway, config.retention()).migrate();
                log.info(
                        "ClickHouse database {}: {}",
                        config.clickHouse().database(),
                        applied.isEmpty() ? "schema up to date" : "applied migrations " + applied);
            } catch (ClickHouseException | IllegalStateException e) {
                throw new ConnectException("schema migration failed: " + e.getMessage(), e);
            }
        }
    }

    @Override
    public Class<? extends Task> taskClass() {
        return ClickHouseSinkTask.class;
    }

    @Override
    public List<Map<String, String>> taskConfigs(int maxTasks) {
        List<Map<String, String>> configs = new ArrayList<>(maxTasks);
        for (int i = 0; i < maxTasks; i++) {
            configs.add(new HashMap<>(props));
        }
        return configs;
    }

    @Override
    public void stop() {}

    @Override
    public ConfigDef config() {
        return ClickHouseSinkConfig.DEF;
    }

    @Override
    public String version() {
        return Version.get();
    }
}
