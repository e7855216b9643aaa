package dev.gpuarb.streams.config;

import dev.gpuarb.throughput.MeasuredThroughputCsv;
import dev.gpuarb.throughput.ThroughputOverrides;
import dev.gpuarb.vocab.CurrencyRates;
import dev.gpuarb.vocab.FutureEventTimes;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.common.config.ConfigException;

/**
 * Application settings: the key names and typed accessors. Types, defaults, valid values and meanings
 * are defined in {@link AppConfigDef} (the README's reference is generated from it). Values come from a
 * properties map; a {@code gpuarb.} key that is not defined is refused, so a typo fails at start instead
 * of silently using a default. Keys without the prefix pass through to Kafka Streams. Accessors return
 * plain values; a setting made of several keys into a stage's own type (the route engine's liveness
 * rules, the history limits, the margins' validation overhead) is put together by that stage, so this
 * package knows no stage.
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
    public static final String ANALYTICS_THREAD_PRIORITY = "gpuarb.analytics.thread.priority";
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

    private static final long DAY = 86_400_000L;
    /** Upper bound of {@link #VALIDATE_MAX_FUTURE_SKEW_MS}: below the brokers' default 1 h timestamp limit. */
    public static final long MAX_FUTURE_SKEW_MS = FutureEventTimes.MAX_SKEW.toMillis();

    /**
     * Every defined key with its default as text, as it would appear in a properties file (from
     * {@link AppConfigDef}; currency rates are not here: they default to the shared table).
     */
    public static final Map<String, String> DEFAULTS = defaults();

    private static Map<String, String> defaults() {
        Map<String, String> d = new LinkedHashMap<>();
        AppConfigDef.DEFINITION.configKeys().forEach((name, key) -> d.put(name, AppConfigDef.defaultText(key)));
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

    /** Types and ranges by the definitions, then what relates several settings or reads a file. */
    private void check() {
        if (values.containsKey(SHARED_COMMIT_INTERVAL)) {
            // Silently applying one value to both would undo the split; silently ignoring it would surprise.
            throw new ConfigException(
                    SHARED_COMMIT_INTERVAL,
                    text(SHARED_COMMIT_INTERVAL),
                    "each application has its own: set " + ROUTING_COMMIT_INTERVAL_MS + " and/or "
                            + ANALYTICS_COMMIT_INTERVAL_MS + " instead");
        }
        Map<String, String> defined = new LinkedHashMap<>();
        AppConfigDef.DEFINITION.names().forEach(k -> defined.put(k, values.get(k)));
        AppConfigDef.DEFINITION.parse(defined);
        apps();
        currencyRates();
        if (spreadsWindowAdvance().compareTo(spreadsWindowSize()) > 0) {
            throw new ConfigException(
                    SPREADS_WINDOW_ADVANCE_MS, text(SPREADS_WINDOW_ADVANCE_MS), "must not exceed the window size");
        }
        if (profilesHorizon().toMillis() % DAY != 0) {
            // Profiles are summed from whole UTC days (see EffectWindows).
            throw new ConfigException(
                    PROFILES_HORIZON_MS, text(PROFILES_HORIZON_MS), "must be a whole number of days, at least one");
        }
        throughputOverrides();
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

    /** A setting in milliseconds (the keys ending in {@code .ms}). */
    public Duration duration(String key) {
        return Duration.ofMillis(longValue(key));
    }

    public double number(String key) {
        try {
            return Double.parseDouble(text(key).trim());
        } catch (NumberFormatException e) {
            throw new ConfigException(key, text(key), "expected a number");
        }
    }

    /** The base application id; each application adds its own name (see {@link StreamsApp#applicationId}). */
    public String applicationId() {
        return text(APPLICATION_ID);
    }

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
        return longValue(app == StreamsApp.ROUTING ? ROUTING_ROCKSDB_MEMORY_MB : ANALYTICS_ROCKSDB_MEMORY_MB)
                * 1024
                * 1024;
    }

    /** How often the application commits (and so publishes its outputs under exactly-once). */
    public Duration commitInterval(StreamsApp app) {
        return duration(app == StreamsApp.ROUTING ? ROUTING_COMMIT_INTERVAL_MS : ANALYTICS_COMMIT_INTERVAL_MS);
    }

    public Duration grace() {
        return duration(GRACE_MS);
    }

    public Duration spreadsWindowSize() {
        return duration(SPREADS_WINDOW_SIZE_MS);
    }

    public Duration spreadsWindowAdvance() {
        return duration(SPREADS_WINDOW_ADVANCE_MS);
    }

    public Duration profilesHorizon() {
        return duration(PROFILES_HORIZON_MS);
    }

    public Duration latencyWindow() {
        return duration(LATENCY_WINDOW_MS);
    }

    public double latencySketchAccuracy() {
        return number(LATENCY_SKETCH_ACCURACY);
    }

    public int routesMaxAlternatives() {
        return (int) longValue(ROUTES_MAX_ALTERNATIVES);
    }
    /** The Java priority of analytics' threads (1-5; see {@link #ANALYTICS_THREAD_PRIORITY}'s documentation). */
    public int analyticsThreadPriority() {
        return Math.toIntExact(longValue(ANALYTICS_THREAD_PRIORITY));
    }

    /** Partitions of the route engine's internal topics, hence the most routing instances that share work. */
    public int routingPartitions() {
        return Math.toIntExact(longValue(ROUTING_PARTITIONS));
    }

    public boolean routingCommitOnDecision() {
        return bool(ROUTING_COMMIT_ON_DECISION);
    }

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

    public Duration bidsHorizon() {
        return duration(BIDS_HORIZON_MS);
    }

    public double bidsPercentile() {
        return number(BIDS_PERCENTILE);
    }

    public double bidsMarginPct() {
        return number(BIDS_MARGIN_PCT);
    }

    public double bidsOnDemandProximityPct() {
        return number(BIDS_ON_DEMAND_PROXIMITY_PCT);
    }

    public double alertsThresholdPct() {
        return number(ALERTS_THRESHOLD_PCT);
    }
    /** How far ahead of the wall clock an event time may be before the input is refused. */
    public Duration maxFutureSkew() {
        return duration(VALIDATE_MAX_FUTURE_SKEW_MS);
    }

    public Duration alertsThrottle() {
        return duration(ALERTS_THROTTLE_MS);
    }

    public String apiBind() {
        return text(API_BIND);
    }

    public int apiPort() {
        return (int) longValue(API_PORT);
    }

    public String apiToken() {
        return text(API_TOKEN);
    }
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
    public Duration apiIdleTimeout() {
        return duration(API_IDLE_TIMEOUT_MS);
    }

    public int apiMaxConnections() {
        return (int) Math.min(Integer.MAX_VALUE, longValue(API_MAX_CONNECTIONS));
    }

    public int apiLiveMaxClients() {
        return (int) Math.min(Integer.MAX_VALUE, longValue(API_LIVE_MAX_CLIENTS));
    }

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
