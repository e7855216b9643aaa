package dev.gpuarb.clickhouse.embedded;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the embedded ClickHouse standalone until Ctrl-C.
 *
 * <pre>
 * EmbeddedClickHouseMain [--port 8123] [--data DIR] [--host 127.0.0.1] [--pool 4] [--password-file FILE]
 * </pre>
 *
 * The password is in the password file (mode 600, default {@code .gpuarb/clickhouse.password}),
 * made at random when the file does not exist; it is never printed.
 */
public final class EmbeddedClickHouseMain {

    private EmbeddedClickHouseMain() {}

    public static void main(String[] args) throws Exception {
        EmbeddedClickHouse.Config config = EmbeddedClickHouse.Config.defaults().withPort(8123);
        Path passwordFile = Path.of(".gpuarb", "clickhouse.password");
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("-h") || a.equals("--help")) {
                System.out.println(
                        "usage: EmbeddedClickHouseMain [--port 8123] [--data DIR] [--host 127.0.0.1] [--pool 4]"
                                + " [--password-file .gpuarb/clickhouse.password]");
                return;
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("Missing value for " + a);
            }
            String v = args[++i];
            switch (a) {
                case "--port":
                    config = config.withPort(Integer.parseInt(v));
                    break;
                case "--data":
                    config = config.withDataDir(v.isBlank() ? null : Path.of(v));
                    break;
                case "--host":
                    config = config.withHost(v);
                    break;
                case "--pool":
                    config = config.withPoolSize(Integer.parseInt(v));
                    break;
                case "--password-file":
                    passwordFile = Path.of(v);
                    break;
                default:
                    throw new IllegalArgumentException("Unknown option " + a);
            }
        }
        EmbeddedClickHouse ch = EmbeddedClickHouse.start(config.withPassword(PasswordFile.readOrCreate(passwordFile)));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            System.out.println("Stopping ClickHouse...");
                            ch.stop();
                            stopped.countDown();
                        },
                        "clickhouse-main-shutdown"));
        System.out.println("ClickHouse (chDB) HTTP interface: " + ch.httpUrl() + "  data: " + ch.dataDir());
        System.out.println("User " + EmbeddedClickHouse.USER + ", password in " + passwordFile.toAbsolutePath());
        System.out.println("Try: curl -u \"" + EmbeddedClickHouse.USER + ":$(cat " + passwordFile.toAbsolutePath()
                + ")\" '" + ch.httpUrl() + "/?query=SELECT+version()'   (Ctrl-C stops)");
        stopped.await();
    }
}
