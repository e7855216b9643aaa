package dev.gpuarb.clickhouse.embedded;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Entry point of the child JVM that hosts chDB (started by {@link EmbeddedClickHouse}, not by hand).
 *
 * <p>chDB lives in a process of its own because it installs signal handlers that break the JVM's
 * own unless {@code libjsig} is preloaded, which only a freshly started JVM can have. The parent
 * talks to it over stdin/stdout: {@code pause}, {@code resume} and {@code stop} come in as lines,
 * answers go out as lines starting with {@link #TAG}. End of stdin means the parent is gone, so
 * the child never outlives it.
 */
public final class EngineProcess {

    static final String TAG = "@@gpuarb-clickhouse ";

    private static final Logger LOG = LoggerFactory.getLogger(EngineProcess.class);
    private static final Object LOCK = new Object();
    private static ChdbEngine engine;
    private static HttpFront front;
    private static Path configDir;
    private static boolean stopped;

    private EngineProcess() {}

    public static void main(String[] args) throws Exception {
        String host = "127.0.0.1";
        int port = 0;
        int pool = 4;
        Path data = null;
        Path lib = null;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--host":
                    host = args[i + 1];
                    break;
                case "--port":
                    port = Integer.parseInt(args[i + 1]);
                    break;
                case "--pool":
                    pool = Integer.parseInt(args[i + 1]);
                    break;
                case "--data":
                    data = Path.of(args[i + 1]);
                    break;
                case "--lib":
                    lib = Path.of(args[i + 1]);
                    break;
                default:
                    throw new IllegalArgumentException("Unknown option " + args[i]);
            }
        }
        if (data == null) {
            throw new IllegalArgumentException("--data is required");
        }
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        try {
            // The credentials come first on stdin, never on the command line, which other users can read.
            HttpFront.Credentials credentials = HttpFront.Credentials.parse(in.readLine());
            Files.createDirectories(data);
            synchronized (LOCK) {
                configDir = Files.createTempDirectory("gpuarb-clickhouse-config-");
                engine = ChdbEngine.open(
                        lib != null ? lib : ChdbLibrary.resolve(),
                        data.toAbsolutePath(),
                        EngineAccess.writeConfig(configDir),
                        pool);
                front = new HttpFront(engine, host, port, Math.max(8, pool * 2), credentials);
                front.start();
            }
        } catch (Exception | LinkageError e) {
            LOG.error("ClickHouse engine failed to start", e);
            reply("failed " + e);
            shutdown();
            Runtime.getRuntime().halt(1);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(EngineProcess::shutdown, "clickhouse-engine-shutdown"));
        ProcessHandle.current().parent().ifPresent(parent -> parent.onExit().thenRun(EngineProcess::stopAndExit));
        reply("ready port=" + front.port() + " version=" + engine.version());

        String line;
        while ((line = in.readLine()) != null) {
            String cmd = line.strip();
            try {
                if (cmd.equals("pause")) {
                    front.pause();
                    reply("paused");
                } else if (cmd.equals("resume")) {
                    front.resume();
                    reply("resumed port=" + front.port());
                } else if (cmd.equals("stop")) {
                    break;
                } else if (!cmd.isEmpty()) {
                    reply("error unknown command " + cmd);
                }
            } catch (IOException | RuntimeException e) {
                LOG.error("Command {} failed", cmd, e);
                reply("error " + e);
            }
        }
        stopAndExit();
    }

    private static void reply(String message) {
        synchronized (System.out) {
            System.out.println(TAG + message);
            System.out.flush();
        }
    }

    private static void shutdown() {
        synchronized (LOCK) {
            if (stopped) {
                return;
            }
            stopped = true;
            if (front != null) {
                front.close();
            }
            if (engine != null) {
                engine.close();
            }
            if (configDir != null) {
                ChdbLibrary.deleteTree(configDir);
            }
        }
    }

    private static void stopAndExit() {
        shutdown();
        reply("stopped");
        // Halt rather than exit: the engine's own static destructors need not run, and they may
        // race threads the library still has.
        Runtime.getRuntime().halt(0);
    }
}
