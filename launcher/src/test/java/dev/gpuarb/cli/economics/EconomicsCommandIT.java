package dev.gpuarb.cli.economics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.gpuarb.cli.CliRun;
import dev.gpuarb.cli.common.StateDir;
import dev.gpuarb.clickhouse.embedded.EmbeddedClickHouse;
import dev.gpuarb.sink.clickhouse.db.ClickHouseGateway;
import dev.gpuarb.sink.clickhouse.db.ClickHouseSettings;
import dev.gpuarb.sink.clickhouse.migrate.Migrator;
import dev.gpuarb.sink.clickhouse.migrate.RetentionSettings;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code gpuarb economics ...} against a real ClickHouse (embedded engine) with the sink's migrations. */
class EconomicsCommandIT {

    private static final String DB = "econ_cli";
    private static final Instant T = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(6, ChronoUnit.HOURS);
    private static EmbeddedClickHouse clickhouse;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() throws Exception {
        clickhouse = SharedClickHouse.engine();
        try (ClickHouseGateway ch = new ClickHouseGateway(new ClickHouseSettings(
                clickhouse.httpUrl(), "default", clickhouse.password(), DB, Duration.ofSeconds(30)))) {
            new Migrator(ch, RetentionSettings.DEFAULTS).migrate();
            // GPU route batch: lambda at 3.0, then aws at 2.5 an hour later; 120 requests at aws after the switch.
            ch.execute("INSERT INTO " + DB
                    + ".route_updates (route_id, status, chosen_endpoint_offer_id, chosen_endpoint_kind,"
                    + " chosen_endpoint_provider, chosen_effective_price, price_unit, reason, decided_at) VALUES"
                    + " ('batch', 'ROUTED', 'lambda-h100', 'GPU_HOURS', 'lambda', 3.0, 'USD/GPU-hour', 'new policy', "
                    + at(T) + "), ('batch', 'ROUTED', 'aws-h100', 'GPU_HOURS', 'aws', 2.5, 'USD/GPU-hour', 'cheaper', "
                    + at(T.plus(1, ChronoUnit.HOURS)) + ")");
            ch.execute("INSERT INTO " + DB
                    + ".endpoint_latency (endpoint_id, window_start, window_end, request_count) VALUES"
                    + " ('aws-h100', " + at(T.plus(90, ChronoUnit.MINUTES)) + ", " + at(T.plus(91, ChronoUnit.MINUTES))
                    + ", 120)");
            // One spot offer: BID at 3 for two hours against on-demand at 10, then USE_ON_DEMAND.
            ch.execute("INSERT INTO " + DB + ".spot_bids (offer_id, gpu_model, region, provider, spot_usd_per_hour,"
                    + " on_demand_usd_per_hour, action, at) VALUES"
                    + " ('spot-a', 'H100-80GB', 'us-east-1', 'aws', 3.0, 10.0, 'BID', " + at(T) + "),"
                    + " ('spot-a', 'H100-80GB', 'us-east-1', 'aws', 9.5, 10.0, 'USE_ON_DEMAND', "
                    + at(T.plus(2, ChronoUnit.HOURS)) + ")");
        }
    }

    /** As a local run leaves it: the CLI finds the password there. */
    @BeforeEach
    void writeThePasswordFile() throws Exception {
        Files.writeString(dir.resolve(StateDir.CLICKHOUSE_PASSWORD_FILE), clickhouse.password() + "\n");
    }

    private static String at(Instant i) {
        return "toDateTime64('" + i.toString().replace("T", " ").replace("Z", "") + "', 3, 'UTC')";
    }

    private String[] ch(String... args) {
        String[] out = Arrays.copyOf(args, args.length + 6);
        System.arraycopy(
                new String[] {"--clickhouse-url", clickhouse.httpUrl(), "--database", DB, "--state-dir", dir.toString()
                },
                0,
                out,
                args.length,
                6);
        return out;
    }

    /** The value of a column in the row whose first cell is {@code key}; line 0 is the title, line 1 the header. */
    private static String cell(String table, String key, String column) {
        List<String> lines = table.lines().toList();
        List<String> header = List.of(lines.get(1).trim().split("\\s+"));
        assertThat(header).as("columns of\n%s", table).contains(column);
        for (String line : lines.subList(2, lines.size())) {
            List<String> cells = List.of(line.trim().split("\\s+"));
            if (cells.get(0).equals(key)) {
                return cells.get(header.indexOf(column));
            }
        }
        throw new AssertionError("no row " + key + " in\n" + table);
    }

    @Test
    void savingsAgainstTheFirstChoice() {
        CliRun run = CliRun.of(ch("economics", "savings", "--gpu-seconds-per-request", "60"));
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("against each route's first choice");
        double units = 120 * 60 / 3600.0;
        assertThat(Double.parseDouble(cell(run.out(), "batch", "requests"))).isEqualTo(120);
        assertThat(Double.parseDouble(cell(run.out(), "batch", "chosen_cost_usd")))
                .isCloseTo(units * 2.5, within(1e-6));
        assertThat(Double.parseDouble(cell(run.out(), "batch", "baseline_cost_usd")))
                .isCloseTo(units * 3.0, within(1e-6));
        assertThat(Double.parseDouble(cell(run.out(), "batch", "saving_usd"))).isCloseTo(units * 0.5, within(1e-6));
    }

    @Test
    void spotSavingsWithAnOverhead() {
        CliRun run = CliRun.of(ch("economics", "spot", "--interruption-overhead-pct", "20"));
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(Double.parseDouble(cell(run.out(), "spot-a", "saving_usd")))
                .isCloseTo(2 * (10 - 3.0 * 1.2), within(1e-4));
        assertThat(Double.parseDouble(cell(run.out(), "spot-a", "spot_hours"))).isCloseTo(2.0, within(1e-6));
    }

    @Test
    void reservedBreakEvenAndDistillationWithoutTokenRoutes() {
        CliRun reserved = CliRun.of(ch("economics", "breakeven", "--reserved-usd-per-gpu-hour", "2"));
        assertThat(reserved.exitCode()).as(reserved.err()).isZero();
        assertThat(Double.parseDouble(cell(reserved.out(), "batch", "break_even_utilisation_pct")))
                .isCloseTo(2.0 / 2.5 * 100, within(1e-6));
        assertThat(cell(reserved.out(), "batch", "can_pay_off")).isIn("true", "1");

        CliRun distill =
                CliRun.of(ch("economics", "breakeven", "--one-off-usd", "5000", "--distilled-usd-per-million", "0.5"));
        assertThat(distill.exitCode()).as(distill.err()).isZero();
        assertThat(distill.out()).contains("no routed token routes yet");

        CliRun cache = CliRun.of(ch("economics", "cache", "--hit-rate", "0.3"));
        assertThat(cache.exitCode()).as(cache.err()).isZero();
        assertThat(cache.out()).contains("no token routes");
    }

    @Test
    void badOptionsAreUsageErrors() {
        CliRun hit = CliRun.of(ch("economics", "cache", "--hit-rate", "1.5"));
        assertThat(hit.exitCode()).isEqualTo(2);
        assertThat(hit.err()).contains("--hit-rate must be between 0 and 1");

        CliRun none = CliRun.of(ch("economics", "breakeven"));
        assertThat(none.exitCode()).isEqualTo(2);
        assertThat(none.err()).contains("--reserved-usd-per-gpu-hour");

        CliRun half = CliRun.of(ch("economics", "breakeven", "--one-off-usd", "100"));
        assertThat(half.exitCode()).isEqualTo(2);
        assertThat(half.err()).contains("needs both");

        CliRun region = CliRun.of(ch("economics", "savings", "--baseline-region", "eastus"));
        assertThat(region.exitCode()).isEqualTo(2);

        CliRun group = CliRun.of("economics");
        assertThat(group.exitCode()).isEqualTo(2);
        assertThat(group.err()).contains("savings").contains("breakeven");
    }

    @Test
    void helpListsTheAnalysesAndTheirOptions() {
        CliRun help = CliRun.of("economics", "--help");
        assertThat(help.exitCode()).isZero();
        assertThat(help.out())
                .contains("savings")
                .contains("spot")
                .contains("cache")
                .contains("breakeven");
        CliRun savings = CliRun.of("economics", "savings", "--help");
        assertThat(savings.exitCode()).isZero();
        assertThat(savings.out()).contains("--baseline-provider").contains("--clickhouse-url");
    }

    @Test
    void anUnreachableClickHouseOrAMissingDatabaseIsReportedClearly() throws Exception {
        int freePort;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            freePort = s.getLocalPort();
        }
        CliRun down = CliRun.of(
                "economics", "spot", "--clickhouse-url", "http://127.0.0.1:" + freePort, "--state-dir", dir.toString());
        assertThat(down.exitCode()).isEqualTo(3);
        assertThat(down.err()).contains("cannot reach ClickHouse at http://127.0.0.1:" + freePort);

        CliRun missing = CliRun.of(
                "economics",
                "spot",
                "--clickhouse-url",
                clickhouse.httpUrl(),
                "--database",
                "not_migrated",
                "--state-dir",
                dir.toString());
        assertThat(missing.exitCode()).isEqualTo(1);
        assertThat(missing.err()).contains("refused the query");
    }

    @Test
    void theDefaultUrlIsTheLocalRunsFromTheStateDirectory() throws Exception {
        Files.writeString(dir.resolve("endpoints.properties"), "clickhouse=" + clickhouse.httpUrl() + "\n");
        CliRun run = CliRun.of("economics", "spot", "--database", DB, "--state-dir", dir.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("spot-a");
    }

    @Test
    void thePasswordComesFromTheLocalRunsFileAndIsNeverPrinted() throws Exception {
        CliRun run = CliRun.of(ch("economics", "spot"));
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out() + run.err()).doesNotContain(clickhouse.password());

        Files.delete(dir.resolve(StateDir.CLICKHOUSE_PASSWORD_FILE));
        CliRun without = CliRun.of(ch("economics", "spot"));
        assertThat(without.exitCode()).isEqualTo(1);
        assertThat(without.err()).contains("516");
    }
}
