package dev.gpuarb.cli.local;

import dev.gpuarb.topics.Topic;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Connector configurations of the local run, submitted through Connect's REST API. */
final class PipelineConnectors {

    /** Topics the ClickHouse sink writes to tables (every analyst topic). */
    static final List<Topic> SINK_TOPICS = List.of(Topic.GPU_PRICES, Topic.TOKEN_PRICES, Topic.REGIONAL_SPREADS,
            Topic.TIME_OF_DAY_PROFILES, Topic.LATENCY_SUMMARIES, Topic.ROUTE_UPDATES, Topic.SPOT_BIDS,
            Topic.ARBITRAGE_ALERTS, Topic.REJECTED, Topic.TASK_MARGINS);

    private PipelineConnectors() {
    }

    /**
     * The market simulator at 60x: one simulated minute per second of wall time, so hourly spread
     * windows close every minute and routes move while one watches.
     */
    static Map<String, String> simulator(Instant start) {
        Map<String, String> c = new HashMap<>();
        c.put("connector.class", "dev.gpuarb.connectors.simulator.SimulatorSourceConnector");
        c.put("tasks.max", "1");
        c.put("simulator.start", start.toString());
        c.put("simulator.tick.simulated.ms", "60000");
        c.put("simulator.ticks.per.poll", "1");
        c.put("poll.interval.ms", "1000");
        return c;
    }

    static Map<String, String> sink(String clickhouseUrl) {
        Map<String, String> c = new HashMap<>();
        c.put("connector.class", "dev.gpuarb.sink.clickhouse.ClickHouseSinkConnector");
        c.put("tasks.max", "1");
        c.put("topics", SINK_TOPICS.stream().map(Topic::topicName).collect(Collectors.joining(",")));
        c.put("clickhouse.url", clickhouseUrl);
        c.put("batch.max.wait.ms", "1000");
        return c;
    }
}
