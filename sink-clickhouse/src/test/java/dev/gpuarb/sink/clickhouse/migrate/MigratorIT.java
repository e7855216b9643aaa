package dev.gpuarb.sink.clickhouse.migrate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gpuarb.sink.clickhouse.TestClickHouse;
import dev.gpuarb.sink.clickhouse.TopicTables;
import dev.gpuarb.sink.clickhouse.db.ClickHouseGateway;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class MigratorIT {

    @Test
    void appliesEveryMigrationOnceAndCreatesTheTables() {
        try (ClickHouseGateway ch = TestClickHouse.gateway(TestClickHouse.newDatabase("migrate"))) {
            Migrator migrator = new Migrator(ch, new RetentionSettings(30, 20, 10));
            List<Integer> first = migrator.migrate();
            assertThat(first)
                    .containsExactlyElementsOf(MigrationCatalog.load().stream()
                            .map(Migration::version)
                            .toList());
            assertThat(migrator.migrate()).isEmpty();
            assertThat(migrator.applied()).hasSize(first.size());

            List<String> tables = new ArrayList<>(TopicTables.DEFAULTS.values());
            tables.addAll(List.of(
                    "gpu_prices_ohlc_1h",
                    "token_prices_ohlc_1h",
                    "gpu_ohlc_hourly",
                    "token_ohlc_hourly",
                    "sink_state",
                    "schema_migrations",
                    "econ_routing_savings",
                    "econ_spot_savings",
                    "econ_cache_savings",
                    "econ_distillation_breakeven",
                    "econ_reserved_breakeven",
                    "gpu_throughput",
                    "known_model_names",
                    "gpu_throughput_versions",
                    "token_model_ids",
                    "econ_selfhost_offers",
                    "econ_selfhost_api",
                    "econ_selfhost_breakeven",
                    "econ_selfhost"));
            for (String table : tables) {
                assertThat(TestClickHouse.count(
                                ch,
                                "SELECT count() FROM system.tables WHERE database = '" + ch.database()
                                        + "' AND name = '" + table + "'"))
                        .as(table)
                        .isEqualTo(1);
            }
            String gpuDdl = ch.query("SELECT create_table_query FROM system.tables WHERE database = '" + ch.database()
                            + "' AND name = 'gpu_prices'")
                    .get(0)
                    .getString(1);
            assertThat(gpuDdl)
                    .contains("toIntervalDay(30)")
                    .contains("LowCardinality(String)")
                    .contains("DateTime64(3, 'UTC')");
            String rejectedDdl = ch.query("SELECT create_table_query FROM system.tables WHERE database = '"
                            + ch.database() + "' AND name = 'rejected_records'")
                    .get(0)
                    .getString(1);
            assertThat(rejectedDdl).contains("toIntervalDay(10)");
        }
    }

    @Test
    void refusesAMigrationThatChangedAfterItWasApplied() {
        try (ClickHouseGateway ch = TestClickHouse.gateway(TestClickHouse.newDatabase("changed"))) {
            Migration original = new Migration(
                    1, "t", "CREATE TABLE IF NOT EXISTS ${database}.t (a UInt8) " + "ENGINE = MergeTree ORDER BY a;");
            new Migrator(ch, RetentionSettings.DEFAULTS, List.of(original)).migrate();
            Migration edited = new Migration(1, "t", original.template().replace("UInt8", "UInt16"));
            assertThatThrownBy(() -> new Migrator(ch, RetentionSettings.DEFAULTS, List.of(edited)).migrate())
                    .hasMessageContaining("changed after it was applied");
        }
    }

    @Test
    void splitsStatementsAtLineEndSemicolonsAndRendersPlaceholders() {
        Migration m = new Migration(7, "x", "-- a comment; not a statement\nSELECT ${a};\nSELECT\n  2;\n");
        assertThat(m.statements(Map.of("a", "1"))).containsExactly("SELECT 1", "SELECT\n  2");
        assertThatThrownBy(() -> m.statements(Map.of())).hasMessageContaining("${a}");
    }

    @Test
    void theCommandMigratesAndReportsUpToDateTheSecondTime() {
        String db = TestClickHouse.newDatabase("cmd");
        String[] args = {"--url", TestClickHouse.url(), "--database", db, "--retention-prices-days", "400"};
        // Every migration file shipped, counted from the source tree rather than the catalog.
        long shipped;
        try (Stream<Path> files = Files.list(Path.of("src", "main", "resources", "db", "migration"))) {
            shipped = files.filter(f -> f.getFileName().toString().matches("V\\d{3}__.*\\.sql"))
                    .count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        assertThat(MigrateCommand.run(args, TestClickHouse.password()))
                .startsWith("applied " + shipped + " migration(s)");
        assertThat(MigrateCommand.run(args, TestClickHouse.password())).isEqualTo(db + " is up to date");
    }
}
