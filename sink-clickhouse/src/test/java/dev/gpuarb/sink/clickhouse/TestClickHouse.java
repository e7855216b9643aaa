package dev.gpuarb.sink.clickhouse;

import dev.gpuarb.clickhouse.embedded.EmbeddedClickHouse;
import dev.gpuarb.engines.UnitTier;
import dev.gpuarb.sink.clickhouse.db.ClickHouseGateway;
import dev.gpuarb.sink.clickhouse.db.ClickHouseSettings;
import dev.gpuarb.sink.clickhouse.migrate.Migrator;
import dev.gpuarb.sink.clickhouse.migrate.RetentionSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The ClickHouse the tests use: a real server when {@code -Dgpuarb.clickhouse.url} or the
 * environment variable {@code GPUARB_CLICKHOUSE_URL} names one (with the password in
 * {@code GPUARB_CLICKHOUSE_PASSWORD}), else the embedded engine, started once per test JVM with a
 * random password. Tests share it, each in its own database.
 */
public final class TestClickHouse {

    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static EmbeddedClickHouse embedded;
    private static String url;

    private TestClickHouse() {}

    public static synchronized String url() {
        if (url == null) {
            String configured = configuredUrl();
            if (configured != null) {
                UnitTier.refuse("ClickHouse at " + configured);
                url = configured;
            } else {
                try {
                    embedded = EmbeddedClickHouse.start(
                            EmbeddedClickHouse.Config.defaults().withPoolSize(4));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                Runtime.getRuntime().addShutdownHook(new Thread(embedded::close));
                url = embedded.httpUrl();
            }
        }
        return url;
    }

    /** The password of user {@code default} on {@link #url()}. */
    public static synchronized String password() {
        url();
        return embedded != null ? embedded.password() : System.getenv().getOrDefault("GPUARB_CLICKHOUSE_PASSWORD", "");
    }

    /** The configured server's URL, or null when tests use the embedded engine. */
    public static String configuredUrl() {
        String configured = System.getProperty("gpuarb.clickhouse.url", System.getenv("GPUARB_CLICKHOUSE_URL"));
        return configured == null || configured.isBlank() ? null : configured.strip();
    }

    /**
     * An embedded engine of its own, for a test that makes ClickHouse unavailable without
     * disturbing the shared one; null when a server is configured (it cannot be paused by a test).
     */
    public static EmbeddedClickHouse dedicatedEmbedded() throws IOException {
        return configuredUrl() != null
                ? null
                : EmbeddedClickHouse.start(EmbeddedClickHouse.Config.defaults().withPoolSize(4));
    }

    /** A fresh database name, unique in this run. */
    public static String newDatabase(String prefix) {
        return prefix + "_" + ProcessHandle.current().pid() + "_" + DATABASES.incrementAndGet();
    }

    public static ClickHouseGateway gateway(String database) {
        return gateway(url(), password(), database);
    }

    public static ClickHouseGateway gateway(String url, String password, String database) {
        return new ClickHouseGateway(
                new ClickHouseSettings(url, "default", password, database, Duration.ofSeconds(30)));
    }

    /** A new database with every migration applied. */
    public static ClickHouseGateway migratedDatabase(String prefix) {
        ClickHouseGateway gateway = gateway(newDatabase(prefix));
        new Migrator(gateway, RetentionSettings.DEFAULTS).migrate();
        return gateway;
    }

    public static long count(ClickHouseGateway gateway, String sql) {
        return gateway.query(sql).get(0).getLong(1);
    }
}
