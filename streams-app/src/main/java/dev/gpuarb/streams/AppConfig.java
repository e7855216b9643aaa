package dev.gpuarb.streams;

import dev.gpuarb.streams.history.HistoryLimits;
import dev.gpuarb.throughput.MeasuredThroughputCsv;
import dev.gpuarb.throughput.ThroughputOverrides;
import dev.gpuarb.vocab.CurrencyRates;
import dev.gpuarb.vocab.FutureEventTimes;
import dev.gpuarb.vocab.PriceRules;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.EnumSet;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.common.config.ConfigException;

/**
 * Application settings: every key, its default and its meaning in one place (see README).
 * Values come from a properties map; anything not listed here with the {@code gpuarb.} prefix
 * is rejected so a typo fails at start instead of silently using a default.
 */
public final class AppConfig {

    public static final String APPLICATION_ID = "application.id";
    public static final String BOOTSTRAP_SERVERS = "bootstrap.servers";
    public static final String SCHEMA_REGISTRY_URL = "schema.registry.url";
    public static final String PROCESSING_GUARANTEE = "processing.guarantee";
    public static final String STATE_DIR = "state.dir";

    /** Which applications this process runs: "routing", "analytics" or both, comma-separated. */
    public static final String APPS = "gpuarb.apps";
    public static final String ROUTING_COMMIT_INTERVAL_MS = "gpuarb.routing.commit.interval.ms";
    public static final String ANALYTICS_COMMIT_INTERVAL_MS = "gpuarb.analytics.commit.interval.ms";
    public static final String ROUTING_ROCKSDB_MEMORY_MB = "gpuarb.routing.rocksdb.memory.mb";
    public static final String ANALYTICS_ROCKSDB_MEMORY_MB = "gpuarb.analytics.rocksdb.memory.mb";
    /** Kafka Streams' own key, refused here: the commit interval is set per application. */
    static final String SHARED_COMMIT_INTERVAL = "commit.interval.ms";
    public static final String GRACE_MS = "gpuarb.grace.ms";
    public static final String SPREADS_WINDOW_SIZE_MS = "gpuarb.spreads.window.size.ms";
    public static final String SPREADS_WINDOW_ADVANCE_MS = "gpuarb.spreads.window.advance.ms";
    public static final String PROFILES_HORIZON_MS = "gpuarb.profiles.horizon.ms";
    public static final String LATENCY_WINDOW_MS = "gpuarb.latency.window.ms";
    public static final String LATENCY_SKETCH_ACCURACY = "gpuarb.latency.sketch.relative.accuracy";
    public static final String ROUTES_MAX_ALTERNATIVES = "gpuarb.routes.max.alternatives";
    public static final String ROUTING_PARTITIONS = "gpuarb.routing.partitions";
    public static final String ROUTING_COMMIT_ON_DECISION = "gpuarb.routing.commit.on.decision";
    public static final String THROUGHPUT_MEASURED_FILE = "gpuarb.throughput.measured.file";
    public static final String ROUTING_LIVENESS_CHECK_MS = "gpuarb.routing.liveness.check.interval.ms";
    public static final String ROUTING_LATENCY_MAX_AGE_MS = "gpuarb.routing.latency.max.age.ms";
    public static final String ROUTING_GONE_RETENTION_MS = "gpuarb.routing.offers.gone.retention.ms";
    public static final String BIDS_HORIZON_MS = "gpuarb.bids.horizon.ms";
    public static final String HISTORY_HORIZON_MS = "gpuarb.history.horizon.ms";
    public static final String HISTORY_MAX_POINTS = "gpuarb.history.max.points";
    public static final String HISTORY_MAX_REGIONS = "gpuarb.history.max.regions";
    public static final String BIDS_PERCENTILE = "gpuarb.bids.percentile";
    public static final String BIDS_MARGIN_PCT = "gpuarb.bids.margin.pct";
    public static final String BIDS_ON_DEMAND_PROXIMITY_PCT = "gpuarb.bids.on.demand.proximity.pct";
    public static final String ALERTS_THRESHOLD_PCT = "gpuarb.alerts.threshold.pct";
    public static final String ALERTS_THROTTLE_MS = "gpuarb.alerts.throttle.ms";
    public static final String MARGINS_SPOT_CHECK_FRACTION = "gpuarb.margins.validation.spot.check.fraction";
    public static final String MARGINS_RERUN_COST_MULTIPLIER = "gpuarb.margins.validation.rerun.cost.multiplier";
    public static final String MARGINS_FIXED_USD = "gpuarb.margins.validation.fixed.usd";
    public static final String VALIDATE_MIN_USD_PER_GPU_HOUR = "gpuarb.validate.min.usd.per.gpu.hour";
    public static final String VALIDATE_MAX_USD_PER_GPU_HOUR = "gpuarb.validate.max.usd.per.gpu.hour";
    public static final String VALIDATE_MAX_USD_PER_MILLION_TOKENS = "gpuarb.validate.max.usd.per.million.tokens";
    public static final String VALIDATE_PER_TOKEN_THRESHOLD = "gpuarb.validate.per.token.threshold";
    public static final String VALIDATE_MAX_GPU_COUNT = "gpuarb.validate.max.gpu.count";
    public static final String VALIDATE_MIN_USD_PER_MILLION_TOKENS = "gpuarb.validate.min.usd.per.million.tokens";
    public static final String VALIDATE_MAX_FUTURE_SKEW_MS = "gpuarb.validate.max.future.skew.ms";
    /**
     * Prefix of currency rate overrides: {@code gpuarb.fx.EUR=1.08} means 1 EUR = 1.08 USD. Rates not
     * overridden come from the shared table, {@link CurrencyRates#DEFAULT_USD_PER_UNIT}.
     */
    public static final String FX_PREFIX = "gpuarb.fx.";
    public static final String API_BIND = "gpuarb.api.bind";
    public static final String API_PORT = "gpuarb.api.port";
    public static final String API_TOKEN = "gpuarb.api.token";
    public static final String API_ADVERTISED = "gpuarb.api.advertised";
    public static final String API_IDLE_TIMEOUT_MS = "gpuarb.api.idle.timeout.ms";
    public static final String API_MAX_CONNECTIONS = "gpuarb.api.max.connections";
    public static final String API_LIVE_MAX_CLIENTS = "gpuarb.api.live.max.clients";
    public static final String API_LIVE_MAX_CLIENTS_PER_ADDRESS = "gpuarb.api.live.max.clients.per.address";

    private static final long MINUTE = 60_000L;
    private static final long HOUR = 60 * MINUTE;
    private static final long DAY = 24 * HOUR;
    /** Upper bound of {@link #VALIDATE_MAX_FUTURE_SKEW_MS}: below the brokers' default 1 h timestamp limit. */
    public static final long MAX_FUTURE_SKEW_MS = FutureEventTimes.MAX_SKEW.toMillis();

    /** Every gpuarb.* key with its default (as text, as it would appear in a properties file). */
    public static final Map<String, String> DEFAULTS = defaults();

    private static Map<String, String> defaults() {
        Map<String, String> d = new LinkedHashMap<>();
        d.put(APPLICATION_ID, "gpuarb-streams");
        d.put(BOOTSTRAP_SERVERS, "localhost:9092");
        d.put(SCHEMA_REGISTRY_URL, "http://localhost:8081");
        d.put(PROCESSING_GUARANTEE, "exactly_once_v2");
        d.put(APPS, "routing,analytics");
        // Under exactly-once an output is visible when its transaction commits: the commit interval is
        // the floor of routing's freshness, and it buys analytics fewer, larger transactions.
        d.put(ROUTING_COMMIT_INTERVAL_MS, "50");
        d.put(ANALYTICS_COMMIT_INTERVAL_MS, "5000");
        // All of an application's RocksDB stores share this (block cache, memtables, indexes). Analytics'
        // window stores keep a RocksDB per segment, each with memtables: at 128 MB its drain rate fell
        // to a third (constant small flushes); 512 MB drains as fast as unbounded (benchmarks/RESULTS.md).
        d.put(ROUTING_ROCKSDB_MEMORY_MB, "256");
        d.put(ANALYTICS_ROCKSDB_MEMORY_MB, "512");
        d.put(GRACE_MS, Long.toString(5 * MINUTE));
        d.put(SPREADS_WINDOW_SIZE_MS, Long.toString(HOUR));
        d.put(SPREADS_WINDOW_ADVANCE_MS, Long.toString(15 * MINUTE));
        d.put(PROFILES_HORIZON_MS, Long.toString(7 * DAY));
        d.put(LATENCY_WINDOW_MS, Long.toString(MINUTE));
        d.put(LATENCY_SKETCH_ACCURACY, "0.01");
        d.put(ROUTES_MAX_ALTERNATIVES, "3");
        // Route state is partitioned by product (see RouteHomes): how many routing instances can share it.
        // Fixed for the life of an application id (its internal topics are created with it).
        d.put(ROUTING_PARTITIONS, "3");
        // Off: committing at each decision helped when decisions are rare (1 in 20 ticks at 1k/s: p99
        // 143-275 ms), but when most ticks decide, every few records commit and the drain collapses
        // (30 s behind at 1k/s with a ~20 ms commit on two cores; benchmarks/RESULTS.md).
        d.put(ROUTING_COMMIT_ON_DECISION, "false");
        // Empty: self-hosted prices come from the calibrated throughput model alone.
        d.put(THROUGHPUT_MEASURED_FILE, "");
        // Expiry is checked on every input and, between inputs, this often by the wall clock: the longest
        // a route can point at an expired offer while no other input arrives.
        d.put(ROUTING_LIVENESS_CHECK_MS, "1000");
        d.put(ROUTING_LATENCY_MAX_AGE_MS, Long.toString(15 * MINUTE));
        d.put(ROUTING_GONE_RETENTION_MS, Long.toString(DAY));
        d.put(BIDS_HORIZON_MS, Long.toString(DAY));
        d.put(HISTORY_HORIZON_MS, Long.toString(6 * HOUR));
        // A route trail is read and rewritten whole on each of the route's updates: 200 points (about 20 KB)
        // keep that a few microseconds while still drawing hours of a busy route.
        d.put(HISTORY_MAX_POINTS, "200");
        d.put(HISTORY_MAX_REGIONS, "8");
        d.put(BIDS_PERCENTILE, "90");
        d.put(BIDS_MARGIN_PCT, "5");
        d.put(BIDS_ON_DEMAND_PROXIMITY_PCT, "10");
        d.put(ALERTS_THRESHOLD_PCT, "20");
        d.put(ALERTS_THROTTLE_MS, Long.toString(HOUR));
        d.put(MARGINS_SPOT_CHECK_FRACTION, "0.05");
        d.put(MARGINS_RERUN_COST_MULTIPLIER, "3");
        d.put(MARGINS_FIXED_USD, "0");
        d.put(VALIDATE_MIN_USD_PER_GPU_HOUR, "0.01");
        d.put(VALIDATE_MAX_USD_PER_GPU_HOUR, Double.toString(PriceRules.DEFAULT_MAX_USD_PER_GPU_HOUR));
        d.put(VALIDATE_MAX_USD_PER_MILLION_TOKENS, Double.toString(PriceRules.DEFAULT_MAX_USD_PER_MILLION_TOKENS));
        d.put(VALIDATE_PER_TOKEN_THRESHOLD, "0.001");
        d.put(VALIDATE_MAX_GPU_COUNT, Integer.toString(PriceRules.DEFAULT_MAX_GPU_COUNT));
        // A positive price below this (e.g. 1e-300) is an error, not a bargain: it would win every route.
        d.put(VALIDATE_MIN_USD_PER_MILLION_TOKENS, "0.0001");
        d.put(VALIDATE_MAX_FUTURE_SKEW_MS, Long.toString(FutureEventTimes.DEFAULT_MAX_SKEW.toMillis()));
        // No gpuarb.fx.* defaults here: currency rates default to the shared table (CurrencyRates), so
        // the connectors and this app cannot drift apart again.
        d.put(API_BIND, "127.0.0.1");
        d.put(API_PORT, "8090");
        d.put(API_TOKEN, "");
        d.put(API_ADVERTISED, "");
        d.put(API_IDLE_TIMEOUT_MS, "30000");
        d.put(API_MAX_CONNECTIONS, "256");
        d.put(API_LIVE_MAX_CLIENTS, "16");
        d.put(API_LIVE_MAX_CLIENTS_PER_ADDRESS, "4");
        return java.util.Collections.unmodifiableMap(d);
    }

    private final Map<String, String> values;

    private AppConfig(Map<String, String> values) {
        this.values = values;
    }

    /** Defaults overlaid with the given settings; unknown gpuarb.* keys are refused. */
    public static AppConfig from(Map<String, ?> overrides) {
        Map<String, String> merged = new LinkedHashMap<>(DEFAULTS);
        overrides.forEach((k, v) -> {
            if (k.startsWith("gpuarb.") && !DEFAULTS.containsKey(k) && !k.startsWith(FX_PREFIX)) {
                throw new ConfigException(k, v, "unknown setting");
            }
            merged.put(k, v == null ? "" : v.toString());
        });
        AppConfig config = new AppConfig(merged);
        config.check();
        return config;
    }

    public static AppConfig from(Properties props) {
        Map<String, Object> map = new LinkedHashMap<>();
        props.stringPropertyNames().forEach(k -> map.put(k, props.getProperty(k)));
        return from(map);
    }

    public static AppConfig defaults(String applicationId) {
        return from(Map.of(APPLICATION_ID, applicationId));
    }

    private void check() {
        if (values.containsKey(SHARED_COMMIT_INTERVAL)) {
            // Silently applying one value to both would undo the split; silently ignoring it would surprise.
            throw new ConfigException(SHARED_COMMIT_INTERVAL, text(SHARED_COMMIT_INTERVAL), "each application has its own: set "
                    + ROUTING_COMMIT_INTERVAL_MS + " and/or " + ANALYTICS_COMMIT_INTERVAL_MS + " instead");
        }
        apps();
        positive(ROUTING_COMMIT_INTERVAL_MS, false);
        currencyRates();
        positive(ANALYTICS_COMMIT_INTERVAL_MS, false);
        positive(ROUTING_ROCKSDB_MEMORY_MB, true);
        positive(ANALYTICS_ROCKSDB_MEMORY_MB, true);
        positive(GRACE_MS, true);
        positive(SPREADS_WINDOW_SIZE_MS, false);
        positive(SPREADS_WINDOW_ADVANCE_MS, false);
        if (spreadsWindowAdvance().compareTo(spreadsWindowSize()) > 0) {
            throw new ConfigException(SPREADS_WINDOW_ADVANCE_MS, text(SPREADS_WINDOW_ADVANCE_MS), "must not exceed the window size");
        }
        if (profilesHorizon().toMillis() < DAY || profilesHorizon().toMillis() % DAY != 0) {
            // Profiles are summed from whole UTC days (see EffectWindows).
            throw new ConfigException(PROFILES_HORIZON_MS, text(PROFILES_HORIZON_MS), "must be a whole number of days, at least one");
        }
        positive(LATENCY_WINDOW_MS, false);
        positive(ROUTING_LIVENESS_CHECK_MS, false);
        positive(ROUTING_PARTITIONS, false);
        bool(ROUTING_COMMIT_ON_DECISION);
        throughputOverrides();
        if (longValue(ROUTING_PARTITIONS) > 1000) {
            throw new ConfigException(ROUTING_PARTITIONS, text(ROUTING_PARTITIONS), "must be at most 1000");
        }
        positive(ROUTING_LATENCY_MAX_AGE_MS, true);
        positive(ROUTING_GONE_RETENTION_MS, true);
        positive(BIDS_HORIZON_MS, false);
        positive(HISTORY_HORIZON_MS, false);
        if (longValue(HISTORY_MAX_POINTS) < 2 || longValue(HISTORY_MAX_POINTS) > 10_000) {
            throw new ConfigException(HISTORY_MAX_POINTS, text(HISTORY_MAX_POINTS), "must be in [2, 10000]");
        }
        if (longValue(HISTORY_MAX_REGIONS) < 1 || longValue(HISTORY_MAX_REGIONS) > 100) {
            throw new ConfigException(HISTORY_MAX_REGIONS, text(HISTORY_MAX_REGIONS), "must be in [1, 100]");
        }
        positive(ALERTS_THROTTLE_MS, true);
        double percentile = number(BIDS_PERCENTILE);
        if (percentile <= 0 || percentile > 100) {
            throw new ConfigException(BIDS_PERCENTILE, text(BIDS_PERCENTILE), "must be in (0, 100]");
        }
        double fraction = number(MARGINS_SPOT_CHECK_FRACTION);
        if (fraction < 0 || fraction > 1) {
            throw new ConfigException(MARGINS_SPOT_CHECK_FRACTION, text(MARGINS_SPOT_CHECK_FRACTION), "must be in [0, 1]");
        }
        for (String k : new String[] {MARGINS_RERUN_COST_MULTIPLIER, MARGINS_FIXED_USD}) {
            if (!(number(k) >= 0) || Double.isInfinite(number(k))) {
                throw new ConfigException(k, text(k), "must be a finite number >= 0");
            }
        }
        long skew = longValue(VALIDATE_MAX_FUTURE_SKEW_MS);
        // Kafka brokers refuse records more than 1 h ahead of their clock by default: stay well inside that.
        if (skew < 0 || skew > MAX_FUTURE_SKEW_MS) {
            throw new ConfigException(VALIDATE_MAX_FUTURE_SKEW_MS, text(VALIDATE_MAX_FUTURE_SKEW_MS),
                    "must be in [0, " + MAX_FUTURE_SKEW_MS + "]");
        }
        double minTokenPrice = number(VALIDATE_MIN_USD_PER_MILLION_TOKENS);
        if (!(minTokenPrice >= 0) || Double.isInfinite(minTokenPrice)) {
            throw new ConfigException(VALIDATE_MIN_USD_PER_MILLION_TOKENS, text(VALIDATE_MIN_USD_PER_MILLION_TOKENS),
                    "must be a finite number >= 0");
        }
        for (String k : new String[] {API_IDLE_TIMEOUT_MS, API_MAX_CONNECTIONS, API_LIVE_MAX_CLIENTS,
                API_LIVE_MAX_CLIENTS_PER_ADDRESS}) {
            positive(k, false);
        }
        double accuracy = number(LATENCY_SKETCH_ACCURACY);
        if (accuracy <= 0 || accuracy >= 1) {
            throw new ConfigException(LATENCY_SKETCH_ACCURACY, text(LATENCY_SKETCH_ACCURACY), "must be in (0, 1)");
        }
    }

    private void positive(String key, boolean zeroAllowed) {
        long v = longValue(key);
        if (v < 0 || (!zeroAllowed && v == 0)) {
            throw new ConfigException(key, text(key), zeroAllowed ? "must be >= 0" : "must be > 0");
        }
    }

    public String text(String key) {
        return values.getOrDefault(key, "");
    }

    public long longValue(String key) {
        try {
            return Long.parseLong(text(key).trim());
        } catch (NumberFormatException e) {
            throw new ConfigException(key, text(key), "expected a whole number");
        }
    }

    public boolean bool(String key) {
        String v = text(key).trim();
        if (v.equalsIgnoreCase("true") || v.equalsIgnoreCase("false")) {
            return Boolean.parseBoolean(v);
        }
        throw new ConfigException(key, text(key), "expected true or false");
    }

    public double number(String key) {
        try {
            return Double.parseDouble(text(key).trim());
        } catch (NumberFormatException e) {
            throw new ConfigException(key, text(key), "expected a number");
        }
    }

    /** The base application id; each application adds its own name (see {@link StreamsApp#applicationId}). */
    public String applicationId() { return text(APPLICATION_ID); }

    /** The applications this process runs, in a fixed order (routing first). */
    public Set<StreamsApp> apps() {
        EnumSet<StreamsApp> apps = EnumSet.noneOf(StreamsApp.class);
        for (String name : text(APPS).split(",")) {
            if (name.isBlank()) {
                continue;
            }
            try {
                apps.add(StreamsApp.byId(name));
            } catch (IllegalArgumentException e) {
                throw new ConfigException(APPS, text(APPS), e.getMessage());
            }
        }
        if (apps.isEmpty()) {
            throw new ConfigException(APPS, text(APPS), "name at least one application: routing, analytics");
        }
        return apps;
    }

    /** Bytes of RocksDB memory all of the application's stores share; 0 = no bound (RocksDB's defaults per store). */
    public long rocksDbMemoryBytes(StreamsApp app) {
        return longValue(app == StreamsApp.ROUTING ? ROUTING_ROCKSDB_MEMORY_MB : ANALYTICS_ROCKSDB_MEMORY_MB) * 1024 * 1024;
    }

    /** How often the application commits (and so publishes its outputs under exactly-once). */
    public Duration commitInterval(StreamsApp app) {
        return Duration.ofMillis(longValue(app == StreamsApp.ROUTING ? ROUTING_COMMIT_INTERVAL_MS : ANALYTICS_COMMIT_INTERVAL_MS));
    }
    public Duration grace() { return Duration.ofMillis(longValue(GRACE_MS)); }
    public Duration spreadsWindowSize() { return Duration.ofMillis(longValue(SPREADS_WINDOW_SIZE_MS)); }
    public Duration spreadsWindowAdvance() { return Duration.ofMillis(longValue(SPREADS_WINDOW_ADVANCE_MS)); }
    public Duration profilesHorizon() { return Duration.ofMillis(longValue(PROFILES_HORIZON_MS)); }
    public Duration latencyWindow() { return Duration.ofMillis(longValue(LATENCY_WINDOW_MS)); }
    public double latencySketchAccuracy() { return number(LATENCY_SKETCH_ACCURACY); }
    public int routesMaxAlternatives() { return (int) longValue(ROUTES_MAX_ALTERNATIVES); }
    /** Partitions of the route engine's internal topics, hence the most routing instances that share work. */
    public int routingPartitions() { return Math.toIntExact(longValue(ROUTING_PARTITIONS)); }

    public boolean routingCommitOnDecision() { return bool(ROUTING_COMMIT_ON_DECISION); }

    /** Measured throughput that replaces the model's estimates for self-hosted prices; none when no file is set. */
    public ThroughputOverrides throughputOverrides() {
        String file = text(THROUGHPUT_MEASURED_FILE).trim();
        if (file.isEmpty()) {
            return ThroughputOverrides.none();
        }
        try {
            return MeasuredThroughputCsv.read(Path.of(file));
        } catch (IllegalArgumentException | UncheckedIOException e) {
            throw new ConfigException(THROUGHPUT_MEASURED_FILE, file, e.getMessage());
        }
    }
    /** How the route engine ages offers and latencies by the wall clock. */
    public dev.gpuarb.streams.routing.LivenessRules routingLiveness() {
        return new dev.gpuarb.streams.routing.LivenessRules(Duration.ofMillis(longValue(ROUTING_LIVENESS_CHECK_MS)),
                Duration.ofMillis(longValue(ROUTING_LATENCY_MAX_AGE_MS)), Duration.ofMillis(longValue(ROUTING_GONE_RETENTION_MS)));
    }
    public Duration bidsHorizon() { return Duration.ofMillis(longValue(BIDS_HORIZON_MS)); }

    /** How much recent history the live page's charts keep (route trails, spread history). */
    public HistoryLimits historyLimits() {
        return new HistoryLimits(Duration.ofMillis(longValue(HISTORY_HORIZON_MS)), (int) longValue(HISTORY_MAX_POINTS),
                (int) longValue(HISTORY_MAX_REGIONS));
    }
    public double bidsPercentile() { return number(BIDS_PERCENTILE); }
    public double bidsMarginPct() { return number(BIDS_MARGIN_PCT); }
    public double bidsOnDemandProximityPct() { return number(BIDS_ON_DEMAND_PROXIMITY_PCT); }
    public double alertsThresholdPct() { return number(ALERTS_THRESHOLD_PCT); }
    /** How far ahead of the wall clock an event time may be before the input is refused. */
    public Duration maxFutureSkew() { return Duration.ofMillis(longValue(VALIDATE_MAX_FUTURE_SKEW_MS)); }
    public Duration alertsThrottle() { return Duration.ofMillis(longValue(ALERTS_THROTTLE_MS)); }
    /** Validation overhead added to the cost of every task quote. */
    public dev.gpuarb.streams.margins.ValidationOverhead marginsValidation() {
        return new dev.gpuarb.streams.margins.ValidationOverhead(number(MARGINS_SPOT_CHECK_FRACTION),
                number(MARGINS_RERUN_COST_MULTIPLIER), number(MARGINS_FIXED_USD));
    }

    public String apiBind() { return text(API_BIND); }
    public int apiPort() { return (int) longValue(API_PORT); }
    public String apiToken() { return text(API_TOKEN); }
    /**
     * host:port other instances use to reach this one's API. Empty = the bind address and port, or, when
     * the API binds every interface (0.0.0.0, ::), loopback: a wildcard is no address a peer can use, and
     * an instance that serves others must name itself (the deployment sets it).
     */
    public String apiAdvertised() {
        String advertised = text(API_ADVERTISED);
        if (!advertised.isBlank()) {
            return advertised;
        }
        String bind = apiBind().trim();
        boolean wildcard = bind.isEmpty() || bind.equals("0.0.0.0") || bind.equals("::") || bind.equals("[::]");
        return (wildcard ? "127.0.0.1" : bind) + ":" + apiPort();
    }
    /** A connection of the API that carries no byte either way for this long is closed. */
    public Duration apiIdleTimeout() { return Duration.ofMillis(longValue(API_IDLE_TIMEOUT_MS)); }
    public int apiMaxConnections() { return (int) Math.min(Integer.MAX_VALUE, longValue(API_MAX_CONNECTIONS)); }
    public int apiLiveMaxClients() { return (int) Math.min(Integer.MAX_VALUE, longValue(API_LIVE_MAX_CLIENTS)); }
    public int apiLiveMaxClientsPerAddress() {
        return (int) Math.min(Integer.MAX_VALUE, longValue(API_LIVE_MAX_CLIENTS_PER_ADDRESS));
    }

    /** Currency code (upper case) to USD per unit: the shared table with the gpuarb.fx.* keys over it. */
    public Map<String, Double> usdRates() {
        return currencyRates().rates();
    }

    /** The shared rate table ({@link CurrencyRates}) with the gpuarb.fx.* overrides applied. */
    public CurrencyRates currencyRates() {
        Map<String, Double> overrides = new LinkedHashMap<>();
        values.forEach((k, v) -> {
            if (k.startsWith(FX_PREFIX)) {
                overrides.put(k.substring(FX_PREFIX.length()), number(k));
            }
        });
        try {
            return CurrencyRates.withOverrides(overrides);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(FX_PREFIX + "*", overrides.toString(), e.getMessage());
        }
    }

    /** All settings, for the Kafka Streams config and the serdes (non-gpuarb keys pass through). */
    public Map<String, String> asMap() {
        return java.util.Collections.unmodifiableMap(values);
    }
}
