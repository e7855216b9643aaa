package dev.gpuarb.e2e.faults;

import dev.gpuarb.cli.local.PipelineConnectors;
import dev.gpuarb.clickhouse.embedded.EmbeddedClickHouse;
import dev.gpuarb.engines.connect.EmbeddedConnectWorker;
import dev.gpuarb.engines.kafka.EmbeddedKafkaBroker;
import dev.gpuarb.engines.registry.EmbeddedSchemaRegistry;
import dev.gpuarb.streams.StreamsService;
import dev.gpuarb.streams.config.AppConfig;
import dev.gpuarb.topics.Topic;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

/**
 * The whole pipeline of the local run on real engines, assembled as {@code gpuarb up} assembles it
 * (same worker and connector settings, from {@link PipelineConnectors}) but with everything on free
 * ports under a test directory, and the simulator bounded so that a test knows every record it
 * must find at the end. The simulator connector is submitted by the test, when it chooses.
 */
final class RunningPipeline implements AutoCloseable {

    static final String SIMULATOR = "price-simulator";
    static final String SINK = "clickhouse-sink";

    private final Deque<AutoCloseable> started = new ArrayDeque<>();
    final EmbeddedKafkaBroker kafka;
    final EmbeddedSchemaRegistry registry;
    final EmbeddedClickHouse clickhouse;
    final EmbeddedConnectWorker connect;
    final StreamsService streams;

    RunningPipeline(Path dir) throws IOException {
        try {
            kafka = EmbeddedKafkaBroker.start(EmbeddedKafkaBroker.Config.defaults()
                    .withDataDir(dir.resolve("kafka"))
                    .withOverrides(Map.of("log.message.timestamp.type", "LogAppendTime"), Map.of()));
            started.push(kafka);
            kafka.createTopics(Arrays.stream(Topic.values())
                    .map(t -> t.newTopic((short) 1))
                    .toList());
            registry = EmbeddedSchemaRegistry.start(
                    EmbeddedSchemaRegistry.Config.defaults().withDataDir(dir.resolve("registry")));
            started.push(registry);
            clickhouse = EmbeddedClickHouse.start(EmbeddedClickHouse.Config.of(dir.resolve("clickhouse")));
            started.push(clickhouse);
            connect = EmbeddedConnectWorker.start(EmbeddedConnectWorker.Config.distributed(
                    kafka.bootstrapServers(), "gpuarb-connect", PipelineConnectors.worker(registry.url())));
            started.push(connect);
            connect.putConnector(SINK, PipelineConnectors.sink(clickhouse.httpUrl(), clickhouse.password()));
            connect.awaitRunning(SINK, 1, Duration.ofSeconds(120));
            streams = StreamsService.start(AppConfig.from(streamsSettings(dir)));
            started.push(streams);
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
    }

    private Map<String, String> streamsSettings(Path dir) {
        Map<String, String> s = new HashMap<>();
        s.put(AppConfig.BOOTSTRAP_SERVERS, kafka.bootstrapServers());
        s.put(AppConfig.SCHEMA_REGISTRY_URL, registry.url());
        s.put(AppConfig.STATE_DIR, dir.resolve("streams").toString());
        s.put(AppConfig.API_BIND, "127.0.0.1");
        s.put(AppConfig.API_PORT, "0");
        return s;
    }

    /** Starts the simulator as the local run does, but for a fixed number of ticks. */
    void startSimulator(Map<String, String> config) {
        connect.putConnector(SIMULATOR, config);
        connect.awaitRunning(SIMULATOR, 1, Duration.ofSeconds(120));
    }

    /** Client properties of the pipeline (bootstrap servers and registry URL). */
    Map<String, Object> clientProperties() {
        Map<String, Object> props = new HashMap<>(kafka.clientProperties());
        props.put("schema.registry.url", registry.url());
        return props;
    }

    @Override
    public void close() {
        while (!started.isEmpty()) {
            try {
                started.pop().close();
            } catch (Exception e) {
                System.err.println("while stopping the pipeline: " + e);
            }
        }
    }
}
