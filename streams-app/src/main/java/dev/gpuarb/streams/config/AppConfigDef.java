package dev.gpuarb.streams.config;

import static dev.gpuarb.streams.config.AppConfig.*;

import dev.gpuarb.vocab.FutureEventTimes;
import dev.gpuarb.vocab.PriceRules;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.ValidString;
import org.apache.kafka.common.config.ConfigException;

/**
 * Every setting of the Streams applications as a Kafka {@link ConfigDef}, the style the connectors and
 * the sink use: type, default, valid values and meaning in one place. {@link AppConfig} parses with it,
 * and the configuration reference in the streams-app README is generated from it (a test keeps the two
 * equal).
 */
public final class AppConfigDef {

    private static final long SECOND = 1_000L;
    private static final long MINUTE = 60 * SECOND;
    private static final long HOUR = 60 * MINUTE;
    private static final long DAY = 24 * HOUR;

    /** The definitions, in the order the reference lists them. */
    public static final ConfigDef DEFINITION = define();

    private AppConfigDef() {}

    private static ConfigDef define() {
        ConfigDef d = new ConfigDef();
        Importance high = Importance.HIGH;
        Importance medium = Importance.MEDIUM;
        Importance low = Importance.LOW;
        d.define(
                APPLICATION_ID,
                Type.STRING,
                "gpuarb-streams",
                new ConfigDef.NonEmptyString(),
                high,
                "base of the two Kafka Streams application ids (consumer groups, internal topic prefixes): "
                        + "`<id>-routing`, `<id>-analytics`");
        d.define(
                APPS,
                Type.STRING,
                "routing,analytics",
                high,
                "which applications this process runs (comma-separated: `routing`, `analytics`)");
        d.define(
                BOOTSTRAP_SERVERS,
                Type.STRING,
                "localhost:9092",
                new ConfigDef.NonEmptyString(),
                high,
                "Kafka brokers");
        d.define(
                SCHEMA_REGISTRY_URL,
                Type.STRING,
                "http://localhost:8081",
                new ConfigDef.NonEmptyString(),
                high,
                "Confluent-API schema registry; `mock://scope` for the in-process one");
        d.define(
                PROCESSING_GUARANTEE,
                Type.STRING,
                "exactly_once_v2",
                ValidString.in("exactly_once_v2", "at_least_once"),
                high,
                "Kafka Streams processing guarantee");
        // Under exactly-once an output is visible when its transaction commits: the commit interval is
        // the floor of routing's freshness (25 ms: p99 within 200 ms at 1,000 ticks/s in benchmarks/RESULTS.md,
        // where 50 ms was at the edge). Analytics commits every 5 s: each commit flushes its caches, and
        // prices that hit the same offers again and again (a spot history is a few KB) are written to
        // RocksDB and the changelogs once per interval. At 1 s, analytics beside routing took a quarter of a
        // core more at 1,000 ticks/s and routing's p99 at 10,000/s doubled (benchmarks/RESULTS.md,
        // 2026-12-08). A bid or an alert crosses two commits (the repartition, then its output).
        d.define(
                ROUTING_COMMIT_INTERVAL_MS,
                Type.LONG,
                25L,
                Interval.atLeast(1),
                high,
                "routing's commit interval: under exactly-once a route update is visible when its transaction commits, "
                        + "so this is the floor of its freshness");
        d.define(
                ANALYTICS_COMMIT_INTERVAL_MS,
                Type.LONG,
                5000L,
                Interval.atLeast(1),
                medium,
                "analytics' commit interval: a spot bid or an arbitrage alert is visible within about two intervals "
                        + "of its price (one for the repartition by product, one for the output); longer intervals "
                        + "mean fewer, larger transactions");
        // Routing and analytics in one process compete for its cores: analytics is throughput-oriented and can
        // wait, routing's freshness cannot. Java priorities reach the operating system only with
        // -XX:ThreadPriorityPolicy=1 (see the configuration reference); otherwise this changes nothing.
        d.define(
                ANALYTICS_THREAD_PRIORITY,
                Type.INT,
                Thread.NORM_PRIORITY,
                Interval.closed(Thread.MIN_PRIORITY, Thread.NORM_PRIORITY),
                low,
                "Java priority (1-5) of analytics' threads (its stream threads and their Kafka clients' threads), so "
                        + "that in a process running both applications routing gets the CPU first when cores are short. "
                        + "Effective only when the JVM maps priorities to the operating system's "
                        + "(-XX:ThreadPriorityPolicy=1 on Linux, which maps 1 to nice 4, or what "
                        + "-XX:JavaPriority1_To_OSPriority says)");
        d.define(
                ROUTING_ROCKSDB_MEMORY_MB,
                Type.LONG,
                256L,
                Interval.atLeast(0),
                medium,
                "RocksDB memory of all of routing's stores together: one shared block cache (index and filter blocks "
                        + "included) with the memtables charged to it, a quarter at most (`state.BoundedRocksDbMemory`, a "
                        + "`RocksDBConfigSetter`; set `rocksdb.config.setter` to use your own; 0 = no bound, RocksDB's "
                        + "defaults per store). A process's memory is about its heap (`-Xmx`) plus both applications' bounds");
        d.define(
                ANALYTICS_ROCKSDB_MEMORY_MB,
                Type.LONG,
                512L,
                Interval.atLeast(0),
                medium,
                "the same for analytics, which keeps more state (offer timelines, panes, day totals, bids, alerts); "
                        + "with too little, constant small memtable flushes cut its drain rate (benchmarks/RESULTS.md)");
        d.define(
                GRACE_MS,
                Type.LONG,
                5 * MINUTE,
                Interval.atLeast(0),
                medium,
                "grace period for late records in every windowed stage (for prices in effect: how long after a pane "
                        + "ends it stays open, by stream time)");
        d.define(SPREADS_WINDOW_SIZE_MS, Type.LONG, HOUR, Interval.atLeast(1), medium, "spread window size");
        d.define(
                SPREADS_WINDOW_ADVANCE_MS,
                Type.LONG,
                15 * MINUTE,
                Interval.atLeast(1),
                medium,
                "spread window advance (≤ size; = size gives tumbling windows); the pane of prices in effect is the "
                        + "largest duration dividing the size, the advance and an hour");
        d.define(
                PROFILES_HORIZON_MS,
                Type.LONG,
                7 * DAY,
                Interval.atLeast(DAY),
                medium,
                "trailing horizon of time-of-day profiles, a whole number of days");
        d.define(LATENCY_WINDOW_MS, Type.LONG, MINUTE, Interval.atLeast(1), medium, "latency summary window");
        d.define(
                LATENCY_SKETCH_ACCURACY,
                Type.DOUBLE,
                0.01,
                Interval.open(0, 1),
                low,
                "DDSketch relative accuracy of the quantiles");
        d.define(
                ROUTES_MAX_ALTERNATIVES,
                Type.INT,
                3,
                Interval.closed(0, 100),
                low,
                "alternatives listed in a route update");
        // Route state is partitioned by product (see RouteHomes): how many routing instances can share it.
        d.define(
                ROUTING_PARTITIONS,
                Type.INT,
                3,
                Interval.closed(1, 1000),
                medium,
                "partitions of the route engine's state (by product; see Scaling): the most routing instances that "
                        + "share its work. Fixed per application id (its internal topics are created with it)");
        // Off: committing at each decision helped when decisions are rare (1 in 20 ticks at 1k/s: p99
        // 143-275 ms), but when most ticks decide, every few records commit and the drain collapses
        // (30 s behind at 1k/s with a ~20 ms commit on two cores; benchmarks/RESULTS.md).
        d.define(
                ROUTING_COMMIT_ON_DECISION,
                Type.BOOLEAN,
                false,
                low,
                "`true`: each route update asks Kafka Streams to commit at once (after the current round of "
                        + "processing) instead of waiting for the commit interval, so it reaches gateways up to one interval "
                        + "sooner. Only for deployments where few prices change a route: when most do, the application "
                        + "commits every few records and falls behind (measured in `benchmarks/RESULTS.md`)");
        d.define(
                THROUGHPUT_MEASURED_FILE,
                Type.STRING,
                "",
                low,
                "a CSV file of throughput measured on your own serving engine "
                        + "(`model,gpu_model,gpus,batch,output_tokens_per_second`, one row per batch; "
                        + "`dev.gpuarb.throughput.MeasuredThroughputCsv`): for those (model, GPU model, GPUs per copy) the "
                        + "measurement replaces the decode estimate in self-hosted route prices (README, \"Throughput model\", "
                        + "Overrides). Empty: the calibrated model alone. Read at start; a bad row stops the start with its "
                        + "line number");
        // Expiry is checked on every input and, between inputs, this often by the wall clock.
        d.define(
                ROUTING_LIVENESS_CHECK_MS,
                Type.LONG,
                SECOND,
                Interval.atLeast(1),
                medium,
                "how often, between inputs, the route engine looks for offers past their `validUntil` and stale latency "
                        + "(it also looks before every input): the longest a route can point at an expired offer when no "
                        + "other input arrives");
        d.define(
                ROUTING_LATENCY_MAX_AGE_MS,
                Type.LONG,
                15 * MINUTE,
                Interval.atLeast(0),
                medium,
                "a latency summary whose window ended longer ago (wall clock) counts as unknown; 0 = never stale");
        d.define(
                ROUTING_GONE_RETENTION_MS,
                Type.LONG,
                DAY,
                Interval.atLeast(0),
                low,
                "how long an expired or withdrawn offer is kept to explain NO_ROUTE before the route engine forgets it; "
                        + "0 = at once");
        d.define(BIDS_HORIZON_MS, Type.LONG, DAY, Interval.atLeast(1), medium, "trailing spot price window");
        d.define(
                HISTORY_HORIZON_MS,
                Type.LONG,
                6 * HOUR,
                Interval.atLeast(1),
                low,
                "how far back the live page's charts reach: a route trail keeps decisions within this of its newest, "
                        + "the spread history windows ending within this of its newest");
        // A route trail is read and rewritten whole on each of the route's updates: 200 points (about 20 KB)
        // keep that a few microseconds while still drawing hours of a busy route.
        d.define(
                HISTORY_MAX_POINTS,
                Type.INT,
                200,
                Interval.closed(2, 10_000),
                low,
                "most decisions per route trail and windows per spread history; a trail is read and rewritten whole "
                        + "on each of its route's updates, so its size is that update's cost in analytics");
        d.define(
                HISTORY_MAX_REGIONS,
                Type.INT,
                8,
                Interval.closed(1, 100),
                low,
                "regions kept per spread history window, the cheapest");
        d.define(
                BIDS_PERCENTILE,
                Type.DOUBLE,
                90.0,
                Interval.openClosed(0, 100),
                medium,
                "percentile of the trailing distribution");
        d.define(BIDS_MARGIN_PCT, Type.DOUBLE, 5.0, Interval.atLeast(0), medium, "margin over the percentile, %");
        d.define(
                BIDS_ON_DEMAND_PROXIMITY_PCT,
                Type.DOUBLE,
                10.0,
                Interval.closed(0, 100),
                medium,
                "USE_ON_DEMAND when spot is within this % below on-demand");
        d.define(
                ALERTS_THRESHOLD_PCT,
                Type.DOUBLE,
                20.0,
                Interval.closed(0, 100),
                medium,
                "minimum (dear − cheap) / dear, %");
        d.define(
                ALERTS_THROTTLE_MS,
                Type.LONG,
                HOUR,
                Interval.atLeast(0),
                medium,
                "minimum time between two alerts of one region pair");
        d.define(
                MARGINS_SPOT_CHECK_FRACTION,
                Type.DOUBLE,
                0.05,
                Interval.closed(0, 1),
                medium,
                "share of micro-tasks re-run to validate them, for task margins");
        d.define(
                MARGINS_RERUN_COST_MULTIPLIER,
                Type.DOUBLE,
                3.0,
                Interval.atLeast(0),
                medium,
                "cost of one validation re-run (e.g. on a stronger model) relative to the task's own cost");
        d.define(
                MARGINS_FIXED_USD,
                Type.DOUBLE,
                0.0,
                Interval.atLeast(0),
                medium,
                "fixed validation cost per task, USD");
        d.define(
                VALIDATE_MIN_USD_PER_GPU_HOUR,
                Type.DOUBLE,
                0.01,
                Interval.atLeast(0),
                medium,
                "lowest credible price per GPU-hour");
        d.define(
                VALIDATE_MAX_USD_PER_GPU_HOUR,
                Type.DOUBLE,
                PriceRules.DEFAULT_MAX_USD_PER_GPU_HOUR,
                Interval.atLeast(0),
                medium,
                "highest credible price per GPU-hour (the connectors' `price.max.usd.per.gpu.hour` default too)");
        d.define(
                VALIDATE_MAX_USD_PER_MILLION_TOKENS,
                Type.DOUBLE,
                PriceRules.DEFAULT_MAX_USD_PER_MILLION_TOKENS,
                Interval.atLeast(0),
                medium,
                "highest credible token price (the connectors' `price.max.usd.per.million.tokens` default too)");
        d.define(
                VALIDATE_PER_TOKEN_THRESHOLD,
                Type.DOUBLE,
                0.001,
                Interval.atLeast(0),
                medium,
                "positive token prices below this are per token, scaled by 10^6");
        d.define(
                VALIDATE_MAX_GPU_COUNT,
                Type.INT,
                PriceRules.DEFAULT_MAX_GPU_COUNT,
                Interval.atLeast(1),
                medium,
                "most GPUs one instance may have (the connectors refuse more than the default too)");
        // A positive price below this (e.g. 1e-300) is an error, not a bargain: it would win every route.
        d.define(
                VALIDATE_MIN_USD_PER_MILLION_TOKENS,
                Type.DOUBLE,
                0.0001,
                Interval.atLeast(0),
                medium,
                "a positive token price below this (after per-token scaling) is refused as `ABSURD_PRICE`; zero stays "
                        + "a free tier");
        // Kafka brokers refuse records more than 1 h ahead of their clock by default: stay well inside that.
        d.define(
                VALIDATE_MAX_FUTURE_SKEW_MS,
                Type.LONG,
                FutureEventTimes.DEFAULT_MAX_SKEW.toMillis(),
                Interval.closed(0, FutureEventTimes.MAX_SKEW.toMillis()),
                medium,
                "prices and policies dated further ahead of the wall clock are refused (`FUTURE_TIMESTAMP`, "
                        + "`INVALID_POLICY`); no record is stamped later than now plus this (brokers refuse timestamps 1 h ahead)");
        d.define(API_BIND, Type.STRING, "127.0.0.1", high, "API bind address");
        d.define(API_PORT, Type.INT, 8090, Interval.closed(0, 65_535), high, "API port");
        // A password: Kafka's config logging and errors never print it.
        d.define(
                API_TOKEN,
                Type.PASSWORD,
                "",
                high,
                "bearer token required by every API path except /health; empty: none");
        d.define(
                API_ADVERTISED,
                Type.STRING,
                "",
                medium,
                "host:port other instances use to reach this one (`application.server`); set it when several instances "
                        + "serve the API. Empty: the bind address and port (127.0.0.1:port when bound to 0.0.0.0 or ::)");
        d.define(
                API_IDLE_TIMEOUT_MS,
                Type.LONG,
                30 * SECOND,
                Interval.atLeast(1),
                low,
                "a connection of the API that carries no byte either way for this long is closed (a half-sent request, "
                        + "a client that stopped reading); also how long a write to a live page may stall");
        d.define(
                API_MAX_CONNECTIONS,
                Type.INT,
                256,
                Interval.atLeast(1),
                low,
                "open API connections at most; more wait until one closes");
        d.define(
                API_LIVE_MAX_CLIENTS, Type.INT, 16, Interval.atLeast(1), low, "live pages following `/events` at once");
        d.define(
                API_LIVE_MAX_CLIENTS_PER_ADDRESS,
                Type.INT,
                4,
                Interval.atLeast(1),
                low,
                "of those, at most this many from one client address (behind a proxy: the proxy's)");
        return d;
    }

    /** The default of a key as text, as a properties file would hold it. */
    static String defaultText(ConfigDef.ConfigKey key) {
        return key.defaultValue == null
                ? ""
                : key.type == Type.PASSWORD ? "" : ConfigDef.convertToString(key.defaultValue, key.type);
    }

    /**
     * A number within an interval, open or closed at each end; never NaN or infinite. Written here
     * rather than with Kafka's {@code ConfigDef.Range}: that one is closed at both ends (a percentile
     * needs "(0, 100]") and describes itself as "[1,...]" in a reference meant for people.
     */
    record Interval(double min, boolean minIncluded, double max, boolean maxIncluded) implements ConfigDef.Validator {

        static Interval open(double min, double max) {
            return new Interval(min, false, max, false);
        }

        static Interval openClosed(double min, double max) {
            return new Interval(min, false, max, true);
        }

        static Interval closed(double min, double max) {
            return new Interval(min, true, max, true);
        }

        static Interval atLeast(double min) {
            return new Interval(min, true, Double.POSITIVE_INFINITY, false);
        }

        @Override
        public void ensureValid(String name, Object value) {
            double v = ((Number) value).doubleValue();
            boolean aboveMin = minIncluded ? v >= min : v > min;
            boolean belowMax = maxIncluded ? v <= max : v < max;
            if (!Double.isFinite(v) || !aboveMin || !belowMax) {
                throw new ConfigException(
                        name,
                        value,
                        Double.isInfinite(max) ? "must be a finite number " + this : "must be a number in " + this);
            }
        }

        @Override
        public String toString() {
            if (Double.isInfinite(max)) {
                return (minIncluded ? "≥ " : "> ") + plain(min);
            }
            return (minIncluded ? "[" : "(") + plain(min) + ", " + plain(max) + (maxIncluded ? "]" : ")");
        }

        private static String plain(double v) {
            return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
        }
    }
}
