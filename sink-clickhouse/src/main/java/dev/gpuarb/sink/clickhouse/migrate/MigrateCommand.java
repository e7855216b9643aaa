package dev.gpuarb.sink.clickhouse.migrate;

import dev.gpuarb.sink.clickhouse.db.ClickHouseGateway;
import dev.gpuarb.sink.clickhouse.db.ClickHouseSettings;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Applies the migrations from the command line, without a Connect worker:
 * <pre>
 * java -cp ... dev.gpuarb.sink.clickhouse.migrate.MigrateCommand --url http://127.0.0.1:8123 --database gpuarb
 * </pre>
 * Options: {@code --url --database --user --retention-prices-days --retention-derived-days
 * --retention-rejected-days}. The password comes from the environment variable
 * {@code CLICKHOUSE_PASSWORD} so it never shows in a process list.
 */
public final class MigrateCommand {

    private MigrateCommand() {}

    public static void main(String[] args) {
        try {
            System.out.println(run(args, System.getenv("CLICKHOUSE_PASSWORD")));
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
        } catch (RuntimeException e) {
            System.err.println("migration failed: " + e.getMessage());
            System.exit(1);
        }
    }

    /** Runs the migrations and returns a one-line summary. */
    public static String run(String[] args, String password) {
        Map<String, String> opts = parse(args);
        ClickHouseSettings settings = new ClickHouseSettings(
                opts.getOrDefault("url", "http://127.0.0.1:8123"),
                opts.getOrDefault("user", "default"),
                password == null ? "" : password,
                opts.getOrDefault("database", "gpuarb"),
                Duration.ofSeconds(30));
        RetentionSettings d = RetentionSettings.DEFAULTS;
        RetentionSettings retention = new RetentionSettings(
                intOpt(opts, "retention-prices-days", d.pricesDays()),
                intOpt(opts, "retention-derived-days", d.derivedDays()),
                intOpt(opts, "retention-rejected-days", d.rejectedDays()));
        try (ClickHouseGateway gateway = new ClickHouseGateway(settings)) {
            List<Integer> applied = new Migrator(gateway, retention).migrate();
            return applied.isEmpty()
                    ? settings.database() + " is up to date"
                    : "applied " + applied.size() + " migration(s) to " + settings.database() + ": " + applied;
        }
    }

    private static Map<String, String> parse(String[] args) {
        Map<String, String> opts = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("usage: MigrateCommand [--url URL] [--database DB] [--user USER] "
                        + "[--retention-prices-days N] [--retention-derived-days N] [--retention-rejected-days N]");
            }
            opts.put(args[i].substring(2), args[++i]);
        }
        return opts;
    }

    private static int intOpt(Map<String, String> opts, String key, int fallback) {
        String v = opts.get(key);
        try {
            return v == null ? fallback : Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + key + " must be a whole number of days: " + v);
        }
    }
}
