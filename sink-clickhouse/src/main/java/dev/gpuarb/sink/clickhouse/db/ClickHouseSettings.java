package dev.gpuarb.sink.clickhouse.db;

import java.time.Duration;

/**
 * Where and how to reach ClickHouse.
 *
 * @param url      HTTP(S) endpoint, e.g. {@code http://127.0.0.1:8123}
 * @param username user name
 * @param password password; never logged ({@link #toString()} hides it)
 * @param database the database holding the sink's tables
 * @param timeout  connect and socket timeout of one request
 */
public record ClickHouseSettings(String url, String username, String password, String database, Duration timeout) {

    public ClickHouseSettings {
        Identifiers.requireValid(database);
    }

    @Override
    public String toString() {
        return "ClickHouseSettings[url=" + url + ", username=" + username + ", database=" + database + ", timeout="
                + timeout + "]";
    }
}
