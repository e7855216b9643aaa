package dev.gpuarb.sink.clickhouse.migrate;

import com.clickhouse.client.api.query.GenericRecord;
import dev.gpuarb.sink.clickhouse.db.ClickHouseGateway;
import dev.gpuarb.sink.clickhouse.db.Identifiers;
import dev.gpuarb.sink.clickhouse.reference.ReferenceData;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies pending migrations in version order and records each in {@code schema_migrations}, then
 * brings the {@link ReferenceData} of applied migrations up to date.
 *
 * <p>Every statement is idempotent ({@code IF NOT EXISTS}) because ClickHouse has no DDL
 * transactions: a migration interrupted half-way, or two workers migrating at once, simply
 * re-runs. A migration whose file changed after it was applied is refused.
 */
public final class Migrator {

    private static final Logger log = LoggerFactory.getLogger(Migrator.class);

    private final ClickHouseGateway gateway;
    private final List<Migration> migrations;
    private final List<ReferenceData> referenceData;
    private final Map<String, String> placeholders = new HashMap<>();

    public Migrator(ClickHouseGateway gateway, RetentionSettings retention) {
        this(gateway, retention, MigrationCatalog.load(), MigrationCatalog.referenceData());
    }

    Migrator(ClickHouseGateway gateway, RetentionSettings retention, List<Migration> migrations) {
        this(gateway, retention, migrations, List.of());
    }

    Migrator(
            ClickHouseGateway gateway,
            RetentionSettings retention,
            List<Migration> migrations,
            List<ReferenceData> referenceData) {
        this.gateway = gateway;
        this.migrations = migrations;
        this.referenceData = referenceData;
        placeholders.putAll(retention.placeholders());
        placeholders.put("database", "`" + Identifiers.requireValid(gateway.database()) + "`");
    }

    /** Applies what is pending; returns the versions applied now (empty when up to date). */
    public List<Integer> migrate() {
        String db = gateway.database();
        gateway.execute("CREATE DATABASE IF NOT EXISTS `" + db + "`");
        gateway.execute("CREATE TABLE IF NOT EXISTS " + Identifiers.qualified(db, "schema_migrations") + " ("
                + "version UInt32, name String, checksum String, applied_at DateTime64(3, 'UTC') DEFAULT now64(3)"
                + ") ENGINE = MergeTree ORDER BY version COMMENT 'Applied schema migrations'");
        Map<Integer, String> applied = applied();
        List<Integer> appliedNow = new ArrayList<>();
        for (Migration m : migrations) {
            String recorded = applied.get(m.version());
            if (recorded != null) {
                if (!recorded.equals(m.checksum())) {
                    throw new IllegalStateException("migration V" + m.version() + " (" + m.name()
                            + ") changed after it was applied to " + db + "; add a new migration instead");
                }
                continue;
            }
            log.info("applying migration V{} {} to {}", m.version(), m.name(), db);
            for (String statement : m.statements(placeholders)) {
                gateway.execute(statement);
            }
            gateway.execute(
                    "INSERT INTO " + Identifiers.qualified(db, "schema_migrations")
                            + " (version, name, checksum) VALUES ({v:UInt32}, {n:String}, {c:String})",
                    Map.of("v", m.version(), "n", m.name(), "c", m.checksum()));
            appliedNow.add(m.version());
        }
        refreshReferenceData();
        return appliedNow;
    }

    private void refreshReferenceData() {
        for (ReferenceData data : referenceData) {
            boolean created = migrations.stream().anyMatch(m -> m.version() == data.createdBy());
            if (created && data.refresh(gateway)) {
                log.info("refreshed {} in {}", data.name(), gateway.database());
            }
        }
    }

    /** Applied versions and their checksums. */
    public Map<Integer, String> applied() {
        Map<Integer, String> out = new HashMap<>();
        List<GenericRecord> rows = gateway.query("SELECT version, any(checksum) AS checksum FROM "
                + Identifiers.qualified(gateway.database(), "schema_migrations") + " GROUP BY version");
        for (GenericRecord r : rows) {
            out.put((int) r.getLong("version"), r.getString("checksum"));
        }
        return out;
    }
}
