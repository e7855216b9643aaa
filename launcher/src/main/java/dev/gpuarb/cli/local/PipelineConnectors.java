package dev.gpuarb.cli.local;

import dev.gpuarb.clickhouse.embedded.EmbeddedClickHouse;
import dev.gpuarb.topics.Topic;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Connect worker and connector configurations of the local run, connectors submitted through Connect's REST API. */
public final class PipelineConnectors {

    /** Topics the ClickHouse sink writes to tables (every analyst topic). */
    public static final List<Topic> SINK_TOPICS = List.of(
            Topic.GPU_PRICES,
            Topic.TOKEN_PRICES,
            Topic.REGIONAL_SPREADS,
            Topic.TIME_OF_DAY_PROFILES,
            Topic.LATENCY_SUMMARIES,
            Topic.ROUTE_UPDATES,
            Topic.SPOT_BIDS,
            Topic.ARBITRAGE_ALERTS,
            Topic.REJECTED,
            Topic.TASK_MARGINS);

    /**
     * Where the sink sends records it cannot write (with Connect's context headers: topic,
     * partition, offset, exception class and message); one partition, event-topic retention.
     */
    public static final String SINK_DEAD_LETTER_TOPIC = "sink.clickhouse.dlq";

    private PipelineConnectors() {}

    /**
     * Worker settings beyond the broker address. Sources write their records and offsets in one
     * transaction, so a task restarted after a broker outage or a rebalance does not send again what
     * already landed; sink consumers read committed records only, so records of aborted
     * transactions (the sources' and the Streams application's) never reach ClickHouse.
     */
    public static Map<String, String> worker(String registryUrl) {
        Map<String, String> w = new HashMap<>();
        w.put("value.converter", "dev.gpuarb.connect.AvroConverter");
        w.put("value.converter.schema.registry.url", registryUrl);
        w.put("exactly.once.source.support", "enabled");
        w.put("consumer.isolation.level", "read_committed");
        // Whoever reaches the REST API must not be able to give a connector's Kafka clients settings of
        // their own (e.g. producer.override.config.providers to read files, or another bootstrap server).
        w.put("connector.client.config.override.policy", "None");
        return w;
    }

    /**
     * Settings every connector of the pipeline gets: a failure the converter calls retriable (the
     * schema registry is unreachable) is retried without end instead of failing the task, with
     * backoff up to ten seconds.
     */
    private static Map<String, String> common() {
        Map<String, String> c = new HashMap<>();
        c.put("tasks.max", "1");
        c.put("errors.retry.timeout", "-1");
        c.put("errors.retry.delay.max.ms", "10000");
        return c;
    }

    /**
     * Where the public SkyPilot catalogs live (SkyPilot's own hosted catalog directory, schema v7): one
     * {@code <cloud>/vms.csv} per cloud.
     */
    static final String SKYPILOT_CATALOG_BASE =
            "https://raw.githubusercontent.com/skypilot-org/skypilot-catalog/master/catalogs/v7/";

    /**
     * Clouds read from the SkyPilot catalogs. Azure is left out: the Azure Retail Prices source prices
     * the same offers (same offer ids) from Azure itself, and two sources for one offer would make its
     * price flap between them. Fluidstack has no v7 catalog.
     */
    static final List<String> SKYPILOT_CLOUDS = List.of(
            "aws",
            "gcp",
            "lambda",
            "runpod",
            "nebius",
            "primeintellect",
            "hyperbolic",
            "cudo",
            "shadeform",
            "mithril",
            "seeweb",
            "simplepod",
            "vast");

    /**
     * The connector config of a source before the user's {@code --source-setting}s: each public source
     * with its connector's defaults (the public URLs, hourly polls, prices valid for three polls), the
     * simulator as {@link #simulator}.
     */
    public static Map<String, String> source(LocalSource source, Instant simulatorStart) {
        if (source == LocalSource.SIM) {
            return simulator(simulatorStart);
        }
        Map<String, String> c = common();
        c.put("connector.class", source.connectorClass());
        if (source == LocalSource.SKYPILOT) {
            c.put(
                    source.addressKey().orElseThrow(),
                    SKYPILOT_CLOUDS.stream()
                            .map(cloud -> SKYPILOT_CATALOG_BASE + cloud + "/vms.csv")
                            .collect(Collectors.joining(",")));
        }
        return c;
    }

    /**
     * The market simulator at 60x: one simulated minute per second of wall time, so hourly spread
     * windows close every minute and routes move while one watches.
     */
    public static Map<String, String> simulator(Instant start) {
        Map<String, String> c = common();
        c.put("connector.class", LocalSource.SIM.connectorClass());
        c.put("simulator.start", start.toString());
        c.put("simulator.tick.simulated.ms", "60000");
        c.put("simulator.ticks.per.poll", "1");
        c.put("poll.interval.ms", "1000");
        // A simulated price holds 30 s unless re-sent (every 15 s by default): 3 x the 1 s poll would
        // expire offers whenever Connect or the machine stalls a few seconds.
        c.put("price.ttl.ms", "30000");
        return c;
    }

    /** The sink with the local run's ClickHouse user and password. */
    public static Map<String, String> sink(String clickhouseUrl, String clickhousePassword) {
        Map<String, String> c = sink(clickhouseUrl);
        c.put("clickhouse.username", EmbeddedClickHouse.USER);
        c.put("clickhouse.password", clickhousePassword);
        return c;
    }

    /**
     * Worker settings that resolve {@code ${file:<secrets file>:<key>}} in connector configs from one
     * properties file and nothing else ({@code allowed.paths}), so that secrets stay out of the REST API
     * and the config topic, which only ever hold the reference.
     */
    public static Map<String, String> secretsProvider(java.nio.file.Path secretsFile) {
        Map<String, String> w = new HashMap<>();
        w.put("config.providers", "file");
        w.put("config.providers.file.class", "org.apache.kafka.common.config.provider.FileConfigProvider");
        w.put(
                "config.providers.file.param.allowed.paths",
                secretsFile.toAbsolutePath().toString());
        return w;
    }

    /** A connector config value that the worker of {@link #secretsProvider} resolves from the secrets file. */
    public static String secretReference(java.nio.file.Path secretsFile, String key) {
        return "${file:" + secretsFile.toAbsolutePath() + ":" + key + "}";
    }

    /** The sink's settings shared with the deployment, which supplies the credentials its own way. */
    public static Map<String, String> sink(String clickhouseUrl) {
        Map<String, String> c = common();
        c.put("connector.class", "dev.gpuarb.sink.clickhouse.ClickHouseSinkConnector");
        c.put("topics", SINK_TOPICS.stream().map(Topic::topicName).collect(Collectors.joining(",")));
        c.put("clickhouse.url", clickhouseUrl);
        c.put("batch.max.wait.ms", "1000");
        // A record the sink cannot write (a NaN, a time after 2299, a row ClickHouse refuses) goes to
        // the dead-letter topic with its reason instead of failing the only task for good.
        c.put("errors.tolerance", "all");
        c.put("errors.deadletterqueue.topic.name", SINK_DEAD_LETTER_TOPIC);
        c.put("errors.deadletterqueue.topic.replication.factor", "1");
        c.put("errors.deadletterqueue.context.headers.enable", "true");
        c.put("errors.log.enable", "true");
        return c;
    }
}
