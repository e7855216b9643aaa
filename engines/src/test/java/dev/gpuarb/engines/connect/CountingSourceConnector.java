package dev.gpuarb.engines.connect;

import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.source.SourceConnector;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTask;

/** Emits "0".."limit-1" once each, resuming from its committed offset: enough to test a worker. */
public class CountingSourceConnector extends SourceConnector {

    private Map<String, String> props;

    @Override
    public void start(Map<String, String> props) {
        this.props = props;
    }

    @Override
    public Class<? extends Task> taskClass() {
        return CountingTask.class;
    }

    @Override
    public List<Map<String, String>> taskConfigs(int maxTasks) {
        return List.of(props);
    }

    @Override
    public void stop() {}

    @Override
    public ConfigDef config() {
        return new ConfigDef()
                .define("topic", ConfigDef.Type.STRING, ConfigDef.Importance.HIGH, "target topic")
                .define("limit", ConfigDef.Type.INT, ConfigDef.Importance.HIGH, "how many records");
    }

    @Override
    public String version() {
        return "test";
    }

    public static class CountingTask extends SourceTask {

        private static final Map<String, String> PARTITION = Map.of("source", "counter");
        private String topic;
        private int limit;
        private long next;

        @Override
        public void start(Map<String, String> props) {
            topic = props.get("topic");
            limit = Integer.parseInt(props.get("limit"));
            Map<String, Object> offset = context.offsetStorageReader().offset(PARTITION);
            next = offset == null ? 0 : ((Number) offset.get("next")).longValue();
        }

        @Override
        public List<SourceRecord> poll() throws InterruptedException {
            if (next >= limit) {
                Thread.sleep(100);
                return null;
            }
            long n = next++;
            return List.of(new SourceRecord(
                    PARTITION,
                    Map.of("next", n + 1),
                    topic,
                    null,
                    Schema.STRING_SCHEMA,
                    Long.toString(n),
                    Schema.STRING_SCHEMA,
                    Long.toString(n)));
        }

        @Override
        public void stop() {}

        @Override
        public String version() {
            return "test";
        }
    }
}
