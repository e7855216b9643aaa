package dev.gpuarb.sink.clickhouse;

import dev.gpuarb.sink.clickhouse.db.ClickHouseSettings;
import dev.gpuarb.sink.clickhouse.db.Identifiers;
import dev.gpuarb.sink.clickhouse.dedup.BatchLimits;
import dev.gpuarb.sink.clickhouse.migrate.RetentionSettings;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;

/** Settings of the ClickHouse sink connector (see the README for each key). */
public final class ClickHouseSinkConfig extends AbstractConfig {

    public static final String URL = "clickhouse.url";
    public static final String USERNAME = "clickhouse.username";
    public static final String PASSWORD = "clickhouse.password";
    public static final String DATABASE = "clickhouse.database";
    public static final String TIMEOUT_MS = "clickhouse.timeout.ms";
    public static final String TOPIC_TABLE_MAP = "topic.table.map";
    public static final String BATCH_MAX_RECORDS = "batch.max.records";
    public static final String BATCH_MAX_BYTES = "batch.max.bytes";
    public static final String BATCH_MAX_WAIT_MS = "batch.max.wait.ms";
    public static final String DELIVERY_GUARANTEE = "delivery.guarantee";
    public static final String RETRY_BACKOFF_MS = "retry.backoff.ms";
    public static final String MIGRATIONS_APPLY = "migrations.apply";
    public static final String RETENTION_PRICES_DAYS = "retention.prices.days";
    public static final String RETENTION_DERIVED_DAYS = "retention.derived.days";
    public static final String RETENTION_REJECTED_DAYS = "retention.rejected.days";
    /** Set by the worker in every connector config. */
    public static final String CONNECTOR_NAME = "name";

    public enum DeliveryGuarantee {
        EXACTLY_ONCE,
        AT_LEAST_ONCE
    }

    public static final ConfigDef DEF = new ConfigDef()
            .define(URL, Type.STRING, "http://127.0.0.1:8123", Importance.HIGH, "ClickHouse HTTP(S) endpoint.")
            .define(USERNAME, Type.STRING, "default", Importance.HIGH, "ClickHouse user.")
            .define(
                    PASSWORD,
                    Type.PASSWORD,
                    "",
                    Importance.HIGH,
                    "ClickHouse password; hidden in logs and the REST API.")
            .define(
                    DATABASE,
                    Type.STRING,
                    "gpuarb",
                    Importance.HIGH,
                    "Database of the sink's tables; created by the migrations.")
            .define(
                    TIMEOUT_MS,
                    Type.LONG,
                    30_000L,
                    ConfigDef.Range.atLeast(1000),
                    Importance.LOW,
                    "Connect and socket timeout of one ClickHouse request.")
            .define(
                    TOPIC_TABLE_MAP,
                    Type.STRING,
                    TopicTables.defaultSpec(),
                    Importance.MEDIUM,
                    "topic:table pairs, comma-separated. Every consumed topic needs one.")
            .define(
                    BATCH_MAX_RECORDS,
                    Type.INT,
                    100_000,
                    ConfigDef.Range.atLeast(1),
                    Importance.MEDIUM,
                    "A partition's buffer is inserted when it holds this many rows (one insert takes at most this many).")
            .define(
                    BATCH_MAX_BYTES,
                    Type.LONG,
                    8L << 20,
                    ConfigDef.Range.atLeast(1),
                    Importance.MEDIUM,
                    "... or this many bytes of encoded rows (one insert takes at most this many, or one row if it"
                            + " is larger). With the records kept for dead-lettering, a full buffer takes about four times"
                            + " this in memory.")
            .define(
                    BATCH_MAX_WAIT_MS,
                    Type.LONG,
                    1_000L,
                    ConfigDef.Range.atLeast(0),
                    Importance.MEDIUM,
                    "... or when its oldest row has waited this long (the task asks the worker to call it back by then,"
                            + " so an idle topic's last rows do not wait for the next offset commit).")
            .define(
                    DELIVERY_GUARANTEE,
                    Type.STRING,
                    "exactly_once",
                    ConfigDef.ValidString.in("exactly_once", "at_least_once"),
                    Importance.MEDIUM,
                    "exactly_once: range state plus insert deduplication tokens; at_least_once: neither.")
            .define(
                    RETRY_BACKOFF_MS,
                    Type.LONG,
                    1_000L,
                    ConfigDef.Range.atLeast(0),
                    Importance.LOW,
                    "Pause before retrying a batch after a transient ClickHouse failure.")
            .define(
                    MIGRATIONS_APPLY,
                    Type.BOOLEAN,
                    true,
                    Importance.MEDIUM,
                    "Apply pending schema migrations when the connector starts.")
            .define(
                    RETENTION_PRICES_DAYS,
                    Type.INT,
                    RetentionSettings.DEFAULTS.pricesDays(),
                    ConfigDef.Range.atLeast(1),
                    Importance.LOW,
                    "TTL of price observations and hourly OHLC, in days (applied at table creation).")
            .define(
                    RETENTION_DERIVED_DAYS,
                    Type.INT,
                    RetentionSettings.DEFAULTS.derivedDays(),
                    ConfigDef.Range.atLeast(1),
                    Importance.LOW,
                    "TTL of spreads, profiles, latency, routes, bids and alerts, in days.")
            .define(
                    RETENTION_REJECTED_DAYS,
                    Type.INT,
                    RetentionSettings.DEFAULTS.rejectedDays(),
                    ConfigDef.Range.atLeast(1),
                    Importance.LOW,
                    "TTL of rejected records, in days.")
            .define(
                    CONNECTOR_NAME,
                    Type.STRING,
                    "clickhouse-sink",
                    Importance.LOW,
                    "Connector name; keys the exactly-once state.");

    private final Map<String, String> topicTables;

    public ClickHouseSinkConfig(Map<String, String> props) {
        super(DEF, props);
        try {
            Identifiers.requireValid(getString(DATABASE));
            topicTables = TopicTables.parse(getString(TOPIC_TABLE_MAP));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(e.getMessage());
        }
    }

    public ClickHouseSettings clickHouse() {
        return new ClickHouseSettings(
                getString(URL),
                getString(USERNAME),
                getPassword(PASSWORD).value(),
                getString(DATABASE),
                Duration.ofMillis(getLong(TIMEOUT_MS)));
    }

    public String tableFor(String topic) {
        String table = topicTables.get(topic);
        if (table == null) {
            throw new ConfigException(TOPIC_TABLE_MAP, topicTables.toString(), "no table for topic " + topic);
        }
        return table;
    }

    public int batchMaxRecords() {
        return getInt(BATCH_MAX_RECORDS);
    }

    public long batchMaxWaitMs() {
        return getLong(BATCH_MAX_WAIT_MS);
    }

    public long batchMaxBytes() {
        return getLong(BATCH_MAX_BYTES);
    }

    public BatchLimits batchLimits() {
        return new BatchLimits(batchMaxRecords(), batchMaxBytes(), batchMaxWaitMs());
    }

    public DeliveryGuarantee deliveryGuarantee() {
        return DeliveryGuarantee.valueOf(getString(DELIVERY_GUARANTEE).toUpperCase(Locale.ROOT));
    }

    public long retryBackoffMs() {
        return getLong(RETRY_BACKOFF_MS);
    }

    public boolean applyMigrations() {
        return getBoolean(MIGRATIONS_APPLY);
    }

    public RetentionSettings retention() {
        return new RetentionSettings(
                getInt(RETENTION_PRICES_DAYS), getInt(RETENTION_DERIVED_DAYS), getInt(RETENTION_REJECTED_DAYS));
    }

    public String connectorName() {
        return getString(CONNECTOR_NAME);
    }
}
