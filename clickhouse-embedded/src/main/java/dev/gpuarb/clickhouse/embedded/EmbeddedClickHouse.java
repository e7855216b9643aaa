package dev.gpuarb.clickhouse.embedded;

import com.clickhouse.client.api.internal.CompressedBlockInputStream;
import com.clickhouse.data.ClickHouseFormat;
import com.sun.jna.Native;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import net.jpountz.lz4.LZ4Factory;
import org.apache.commons.compress.compressors.CompressorStreamFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real ClickHouse engine (chDB) behind ClickHouse's HTTP interface on a loopback port, for tests
 * and local runs. The engine runs in a child JVM that this object starts, watches and stops.
 * SQL needs the user {@link #USER} and the password of the run ({@link #password()}).
 *
 * <pre>{@code
 * try (EmbeddedClickHouse ch = EmbeddedClickHouse.start(EmbeddedClickHouse.Config.of(dir))) {
 *     Client client = new Client.Builder().addEndpoint(ch.httpUrl())
 *             .setUsername(EmbeddedClickHouse.USER).setPassword(ch.password()).build();
 * }
 * }</pre>
 */
public final class EmbeddedClickHouse implements AutoCloseable {

    /** The user that may run SQL through the HTTP interface. */
    public static final String USER = "default";

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedClickHouse.class);
    private static final Logger ENGINE_LOG =
            LoggerFactory.getLogger(EmbeddedClickHouse.class.getPackageName() + ".engine");
    private static final Duration START_TIMEOUT = Duration.ofMinutes(5);
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(30);
    private static final Set<EmbeddedClickHouse> LIVE = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime()
                .addShutdownHook(
                        new Thread(() -> LIVE.forEach(EmbeddedClickHouse::stop), "embedded-clickhouse-shutdown"));
    }

    /**
     * How to start the engine.
     *
     * @param dataDir  where tables live; {@code null} for a temporary directory removed on stop
     * @param host     loopback address to bind
     * @param port     HTTP port, 0 for a free one
     * @param poolSize chDB connections, i.e. requests served at the same time
     * @param password what clients must send with user {@link #USER}; {@code null} for a random one
     */
    public record Config(Path dataDir, String host, int port, int poolSize, String password) {

        public Config {
            if (host == null || host.isBlank()) {
                host = "127.0.0.1";
            }
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port " + port);
            }
            if (poolSize < 1) {
                throw new IllegalArgumentException("poolSize must be at least 1");
            }
            if (password != null && password.isEmpty()) {
                throw new IllegalArgumentException("the password must not be empty");
            }
        }

        /** A temporary data directory, 127.0.0.1, a free port, 4 connections, a random password. */
        public static Config defaults() {
            return new Config(null, "127.0.0.1", 0, 4, null);
        }

        public static Config of(Path dataDir) {
            return defaults().withDataDir(dataDir);
        }

        public Config withDataDir(Path dir) {
            return new Config(dir, host, port, poolSize, password);
        }

        public Config withHost(String h) {
            return new Config(dataDir, h, port, poolSize, password);
        }

        public Config withPort(int p) {
            return new Config(dataDir, host, p, poolSize, password);
        }

        public Config withPoolSize(int n) {
            return new Config(dataDir, host, port, n, password);
        }

        public Config withPassword(String pw) {
            return new Config(dataDir, host, port, poolSize, pw);
        }

        @Override
        public String toString() {
            return "Config[dataDir=" + dataDir + ", host=" + host + ", port=" + port + ", poolSize=" + poolSize
                    + ", password=" + (password == null ? "random" : "***") + "]";
        }
    }

    private final Process process;
    private final Writer control;
    private final BlockingQueue<String> replies = new LinkedBlockingQueue<>();
    private final Deque<String> recentOutput = new ArrayDeque<>();
    private final List<Thread> pumps = new ArrayList<>();
    private final String host;
    private final Path dataDir;
    private final boolean ownsDataDir;
    private final String password;
    private int port;
    private boolean paused;
    private boolean stopped;

    private EmbeddedClickHouse(Process process, String host, Path dataDir, boolean ownsDataDir, String password) {
        this.process = process;
        this.control = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        this.host = host;
        this.dataDir = dataDir;
        this.ownsDataDir = ownsDataDir;
        this.password = password;
    }

    /** Starts the engine and returns once it answers {@code /ping}. */
    public static EmbeddedClickHouse start(Config config) throws IOException {
        refuseInUnitTier();
        InetAddress address = InetAddress.getByName(config.host());
        if (!address.isLoopbackAddress()) {
            throw new IllegalArgumentException(
                    "The embedded ClickHouse binds loopback addresses only, not " + config.host());
        }
        boolean ownsDataDir = config.dataDir() == null;
        Path data = ownsDataDir
                ? Files.createTempDirectory("gpuarb-clickhouse-")
                : config.dataDir().toAbsolutePath();
        Files.createDirectories(data);
        Path lib = ChdbLibrary.resolve();
        Path javaHome = Path.of(System.getProperty("java.home"));
        Path jsig = javaHome.resolve("lib/server/libjsig.so");
        if (!Files.isRegularFile(jsig)) {
            throw new IOException("chDB needs the JVM's signal-chaining library preloaded, but " + jsig
                    + " does not exist; use a full JDK/JRE build that ships lib/server/libjsig.so");
        }

        List<String> cmd = new ArrayList<>();
        cmd.add(javaHome.resolve("bin/java").toString());
        cmd.add("-Xmx512m");
        cmd.add("-XX:+UseSerialGC");
        cmd.add("-Djna.encoding=UTF-8");
        cmd.add("-Dfile.encoding=UTF-8");
        cmd.add("-Djava.io.tmpdir=" + System.getProperty("java.io.tmpdir"));
        for (String key : List.of("log4j2.configurationFile", "log4j.configurationFile", "jna.tmpdir")) {
            String v = System.getProperty(key);
            if (v != null) {
                cmd.add("-D" + key + "=" + v);
            }
        }
        cmd.add("-cp");
        cmd.add(childClasspath());
        cmd.add(EngineProcess.class.getName());
        cmd.addAll(List.of(
                "--host",
                config.host(),
                "--port",
                Integer.toString(config.port()),
                "--pool",
                Integer.toString(config.poolSize()),
                "--data",
                data.toString(),
                "--lib",
                lib.toString()));

        ProcessBuilder pb = new ProcessBuilder(cmd);
        Map<String, String> env = pb.environment();
        String preload = env.get("LD_PRELOAD");
        env.put("LD_PRELOAD", preload == null || preload.isBlank() ? jsig.toString() : jsig + ":" + preload);
        LOG.debug("Starting the ClickHouse engine: {}", cmd);
        String password = config.password() != null ? config.password() : PasswordFile.newPassword();
        EmbeddedClickHouse ch = new EmbeddedClickHouse(pb.start(), config.host(), data, ownsDataDir, password);
        LIVE.add(ch);
        try {
            ch.control.write(new HttpFront.Credentials(USER, password).line() + "\n");
            ch.control.flush();
            ch.awaitReady();
        } catch (IOException | RuntimeException e) {
            ch.stop();
            throw e;
        }
        return ch;
    }

    /** {@code http://127.0.0.1:<port>}, with no trailing slash. */
    public String httpUrl() {
        String h = host.contains(":") ? "[" + host + "]" : host;
        return "http://" + h + ":" + port();
    }

    public synchronized int port() {
        return port;
    }

    /** The password that clients send with user {@link #USER}. */
    public String password() {
        return password;
    }

    public Path dataDir() {
        return dataDir;
    }

    /**
     * Makes ClickHouse unavailable: the listener closes and open connections are dropped, so clients
     * get "connection refused" until {@link #resume()}. Data and the engine stay as they are.
     */
    public synchronized void pause() {
        checkRunning();
        if (!paused) {
            command("pause", "paused");
            paused = true;
        }
    }

    /** Listens again on the same port and returns once {@code /ping} answers. */
    public synchronized void resume() {
        checkRunning();
        if (paused) {
            command("resume", "resumed");
            paused = false;
            try {
                awaitPing(Duration.ofSeconds(30));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** Stops the engine and waits for its process to end. Safe to call more than once. */
    public void stop() {
        synchronized (this) {
            if (stopped) {
                return;
            }
            stopped = true;
        }
        LIVE.remove(this);
        try {
            control.write("stop\n");
            control.close();
        } catch (IOException e) {
            // already gone
        }
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                LOG.warn("The ClickHouse engine did not stop in 30 s; terminating it");
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroy();
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    process.waitFor(10, TimeUnit.SECONDS);
                }
            }
            for (Thread t : pumps) {
                t.join(2000);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        if (ownsDataDir) {
            ChdbLibrary.deleteTree(dataDir);
        }
    }

    @Override
    public void close() {
        stop();
    }

    private void checkRunning() {
        if (stopped || !process.isAlive()) {
            throw new IllegalStateException("The embedded ClickHouse is not running" + outputSummary());
        }
    }

    private void awaitReady() throws IOException {
        pumps.add(pump(process.getInputStream(), true));
        pumps.add(pump(process.getErrorStream(), false));
        String reply = awaitReply("ready", START_TIMEOUT);
        synchronized (this) {
            port = Integer.parseInt(field(reply, "port"));
        }
        awaitPing(Duration.ofSeconds(60));
        LOG.info("Embedded ClickHouse (chDB {}) at {} with data in {}", field(reply, "version"), httpUrl(), dataDir);
    }

    private void command(String cmd, String expected) {
        try {
            control.write(cmd + "\n");
            control.flush();
            awaitReply(expected, COMMAND_TIMEOUT);
        } catch (IOException e) {
            throw new UncheckedIOException("The ClickHouse engine did not " + cmd, e);
        }
    }

    private String awaitReply(String expected, Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            while (System.nanoTime() < deadline) {
                String reply = replies.poll(200, TimeUnit.MILLISECONDS);
                if (reply == null) {
                    if (!process.isAlive() && replies.isEmpty()) {
                        throw new IOException(
                                "The ClickHouse engine exited with code " + process.exitValue() + outputSummary());
                    }
                    continue;
                }
                if (reply.startsWith(expected)) {
                    return reply;
                }
                if (reply.startsWith("failed") || reply.startsWith("error")) {
                    throw new IOException("The ClickHouse engine reported: " + reply + outputSummary());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("Interrupted while waiting for the ClickHouse engine", e);
        }
        throw new IOException("No '" + expected + "' from the ClickHouse engine within " + timeout + outputSummary());
    }

    private void awaitPing(Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        IOException last = null;
        while (System.nanoTime() < deadline) {
            try {
                HttpURLConnection c = (HttpURLConnection) new URL(httpUrl() + "/ping").openConnection();
                c.setConnectTimeout(2000);
                c.setReadTimeout(5000);
                try (InputStream in = c.getInputStream()) {
                    if (c.getResponseCode() == 200
                            && new String(in.readAllBytes(), StandardCharsets.UTF_8).startsWith("Ok.")) {
                        return;
                    }
                } finally {
                    c.disconnect();
                }
            } catch (IOException e) {
                last = e;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("Interrupted while waiting for /ping", e);
            }
        }
        throw new IOException("The ClickHouse engine does not answer " + httpUrl() + "/ping" + outputSummary(), last);
    }

    private Thread pump(InputStream stream, boolean stdout) {
        Thread t = new Thread(
                () -> {
                    try (BufferedReader r = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                        String line;
                        while ((line = r.readLine()) != null) {
                            if (stdout && line.startsWith(EngineProcess.TAG)) {
                                replies.add(line.substring(EngineProcess.TAG.length()));
                                continue;
                            }
                            remember(line);
                            if (!stdout && line.contains("signal chaining was deprecated")) {
                                ENGINE_LOG.debug("{}", line); // libjsig's notice on every start
                            } else if (stdout) {
                                ENGINE_LOG.info("{}", line);
                            } else {
                                ENGINE_LOG.warn("{}", line);
                            }
                        }
                    } catch (IOException e) {
                        // the process ended
                    }
                },
                "embedded-clickhouse-" + (stdout ? "out" : "err"));
        t.setDaemon(true);
        t.start();
        return t;
    }

    private void remember(String line) {
        synchronized (recentOutput) {
            if (recentOutput.size() == 40) {
                recentOutput.removeFirst();
            }
            recentOutput.addLast(line);
        }
    }

    private String outputSummary() {
        synchronized (recentOutput) {
            return recentOutput.isEmpty() ? "" : "; its last output:\n" + String.join("\n", recentOutput);
        }
    }

    private static String field(String reply, String name) {
        for (String part : reply.split(" ")) {
            if (part.startsWith(name + "=")) {
                return part.substring(name.length() + 1);
            }
        }
        throw new IllegalStateException("No " + name + " in '" + reply + "'");
    }

    /**
     * The child's classpath: the jars of what the engine process uses, then whatever the caller's
     * class loaders and {@code java.class.path} hold (for the logging binding and its configuration).
     * Class loaders come first because under {@code mvn exec:java} or a plugin the JVM's own class
     * path is not the application's.
     */
    static String childClasspath() {
        Set<String> entries = new LinkedHashSet<>();
        for (Class<?> c : List.of(
                EmbeddedClickHouse.class,
                Native.class,
                CompressedBlockInputStream.class,
                ClickHouseFormat.class,
                LZ4Factory.class,
                CompressorStreamFactory.class,
                LoggerFactory.class)) {
            CodeSource cs = c.getProtectionDomain().getCodeSource();
            if (cs != null && cs.getLocation() != null) {
                addUrl(entries, cs.getLocation());
            }
        }
        for (ClassLoader cl = EmbeddedClickHouse.class.getClassLoader(); cl != null; cl = cl.getParent()) {
            if (cl instanceof URLClassLoader) {
                for (URL u : ((URLClassLoader) cl).getURLs()) {
                    addUrl(entries, u);
                }
            }
        }
        for (String e : System.getProperty("java.class.path", "").split(File.pathSeparator)) {
            if (!e.isBlank()) {
                entries.add(Path.of(e).toAbsolutePath().toString());
            }
        }
        return String.join(File.pathSeparator, entries);
    }

    private static void addUrl(Set<String> entries, URL url) {
        if (!"file".equals(url.getProtocol())) {
            return;
        }
        try {
            entries.add(Path.of(url.toURI()).toString());
        } catch (URISyntaxException | IllegalArgumentException e) {
            entries.add(URI.create(url.toString()).getPath());
        }
    }

    /**
     * Surefire ({@code mvn test}) sets {@code gpuarb.test.tier=unit}: an engine starting there belongs to a
     * suite that should be named {@code *IT}, which failsafe runs in {@code mvn verify}.
     */
    private static void refuseInUnitTier() {
        if ("unit".equals(System.getProperty("gpuarb.test.tier"))) {
            throw new IllegalStateException("ClickHouse not started: gpuarb.test.tier=unit, and real engines run"
                    + " in the *IT tier: mvn verify (rename the suite to *IT)");
        }
    }
}
