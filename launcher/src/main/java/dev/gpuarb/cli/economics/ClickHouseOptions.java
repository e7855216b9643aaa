package dev.gpuarb.cli.economics;

import dev.gpuarb.cli.common.StateDir;
import dev.gpuarb.clickhouse.embedded.PasswordFile;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Where the economics queries go: a ClickHouse HTTP interface, by default the local run's. */
public final class ClickHouseOptions {

    static final String FALLBACK_URL = "http://127.0.0.1:8123";
    static final String PASSWORD_ENV = "GPUARB_CLICKHOUSE_PASSWORD";

    @Option(
            names = "--clickhouse-url",
            paramLabel = "URL",
            description = "ClickHouse HTTP interface (default: the local run's, from the state directory, else "
                    + FALLBACK_URL + ").")
    String url;

    @Option(
            names = "--database",
            defaultValue = "gpuarb",
            description = "Database the sink writes to (default: ${DEFAULT-VALUE}).")
    String database;

    @Option(
            names = "--user",
            defaultValue = "default",
            description = "ClickHouse user (default: ${DEFAULT-VALUE}); the password comes from $" + PASSWORD_ENV
                    + ", else, for a loopback URL, from the local run's " + StateDir.CLICKHOUSE_PASSWORD_FILE + ".")
    String user;

    @Option(
            names = "--state-dir",
            description = "State directory of the local run (default: $GPUARB_STATE_DIR or ./.gpuarb).")
    Path stateDir;

    ClickHouseHttp client() {
        String url = resolvedUrl();
        return new ClickHouseHttp(url, database, user, password(url, System.getenv(PASSWORD_ENV)));
    }

    /**
     * The given password, else the local run's when the URL is on this machine (never sent elsewhere),
     * else none.
     */
    String password(String url, String given) {
        if (given != null) {
            return given;
        }
        try {
            String host = URI.create(url).getHost();
            if (host != null && InetAddress.getByName(host).isLoopbackAddress()) {
                String local = PasswordFile.read(stateDir().resolve(StateDir.CLICKHOUSE_PASSWORD_FILE));
                if (local != null) {
                    return local;
                }
            }
        } catch (IOException | IllegalArgumentException e) {
            // no local password to use: ClickHouse will say the password is wrong
        }
        return "";
    }

    private Path stateDir() {
        return stateDir != null ? stateDir.toAbsolutePath().normalize() : StateDir.defaultLocation();
    }

    String resolvedUrl() {
        if (url != null && !url.isBlank()) {
            return url.strip();
        }
        try {
            String local = StateDir.readProperties(stateDir().resolve(StateDir.ENDPOINTS_FILE))
                    .getProperty("clickhouse");
            if (local != null && !local.isBlank()) {
                return local.strip();
            }
        } catch (IOException e) {
            // an unreadable file is no local run: use the fallback
        }
        return FALLBACK_URL;
    }
}
