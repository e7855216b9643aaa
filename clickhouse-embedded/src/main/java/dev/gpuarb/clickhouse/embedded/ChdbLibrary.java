package dev.gpuarb.clickhouse.embedded;

import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/**
 * Finds {@code libchdb.so}: an explicit path ({@code -Dgpuarb.chdb.lib} or {@code GPUARB_CHDB_LIB}),
 * else the per-user cache {@code ~/.cache/gpuarb/chdb/<version>/}, else fetches the npm package
 * {@code @chdb/lib-linux-x64-gnu} with {@code npm pack} (the npm registry is where chDB ships its
 * library) and moves it into the cache atomically, so concurrent builds never see half a file.
 */
public final class ChdbLibrary {

    public static final String DEFAULT_VERSION = "26.7.3-stable.1";
    static final String NPM_PACKAGE = "@chdb/lib-linux-x64-gnu";
    static final String LIB_NAME = "libchdb.so";
    private static final String LIB_ENTRY = "package/" + LIB_NAME;

    private ChdbLibrary() {}

    /** The chDB version to use: {@code -Dgpuarb.chdb.version}, else {@link #DEFAULT_VERSION}. */
    public static String version() {
        String v = System.getProperty("gpuarb.chdb.version");
        return v == null || v.isBlank() ? DEFAULT_VERSION : v.strip();
    }

    /** Returns the library's path, fetching it into the cache first if needed. */
    public static Path resolve() throws IOException {
        String explicit = System.getProperty("gpuarb.chdb.lib");
        String source = "-Dgpuarb.chdb.lib";
        if (explicit == null || explicit.isBlank()) {
            explicit = System.getenv("GPUARB_CHDB_LIB");
            source = "GPUARB_CHDB_LIB";
        }
        if (explicit != null && !explicit.isBlank()) {
            Path p = Path.of(explicit.strip()).toAbsolutePath();
            if (!Files.isRegularFile(p)) {
                throw new IOException(source + " points at " + p + ", which is not a file");
            }
            return p;
        }
        String version = version();
        Path root = cacheRoot();
        Path dir = root.resolve(version);
        Path lib = dir.resolve(LIB_NAME);
        if (Files.isRegularFile(lib)) {
            return lib;
        }
        synchronized (ChdbLibrary.class) {
            Files.createDirectories(root);
            // A file lock keeps parallel builds on one machine from fetching twice.
            try (FileChannel ch = FileChannel.open(
                    root.resolve(".lock-" + version), StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
                FileLock lock = ch.lock();
                try {
                    if (!Files.isRegularFile(lib)) {
                        fetch(version, root, dir);
                    }
                } finally {
                    lock.release();
                }
            }
        }
        return lib;
    }

    static Path cacheRoot() {
        return Path.of(System.getProperty("user.home"), ".cache", "gpuarb", "chdb");
    }

    private static void fetch(String version, Path root, Path dir) throws IOException {
        // Progress goes straight to stderr: the first fetch takes a while and must be visible
        // whatever logging configuration the caller has.
        PrintStream progress = System.err;
        String spec = NPM_PACKAGE + "@" + version;
        progress.println("[gpuarb] chDB " + version + " is not in " + dir + "; fetching npm package " + spec
                + " (about 180 MB, once per machine)...");
        Path work = Files.createTempDirectory(root, ".fetch-");
        try {
            Process npm;
            try {
                npm = new ProcessBuilder("npm", "pack", spec)
                        .directory(work.toFile())
                        .redirectErrorStream(true)
                        .start();
            } catch (IOException e) {
                throw new IOException(
                        "Cannot run 'npm' to fetch " + spec + ": is Node.js/npm installed and on PATH? "
                                + "Alternatively point -Dgpuarb.chdb.lib or GPUARB_CHDB_LIB at an existing " + LIB_NAME,
                        e);
            }
            npm.getOutputStream().close();
            Deque<String> tail = new ArrayDeque<>();
            try (BufferedReader r =
                    new BufferedReader(new InputStreamReader(npm.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    if (tail.size() == 20) {
                        tail.removeFirst();
                    }
                    tail.addLast(line);
                }
            }
            int rc;
            try {
                if (!npm.waitFor(30, TimeUnit.MINUTES)) {
                    npm.destroyForcibly();
                    throw new IOException("npm pack " + spec + " did not finish in 30 minutes");
                }
                rc = npm.exitValue();
            } catch (InterruptedException e) {
                npm.destroyForcibly();
                Thread.currentThread().interrupt();
                throw new IOException("Interrupted while fetching " + spec, e);
            }
            if (rc != 0) {
                throw new IOException(
                        "npm pack " + spec + " failed with exit code " + rc + ":\n" + String.join("\n", tail));
            }
            Path tarball;
            try (Stream<Path> files = Files.list(work)) {
                tarball = files.filter(p -> p.getFileName().toString().endsWith(".tgz"))
                        .findFirst()
                        .orElseThrow(() -> new IOException("npm pack " + spec + " produced no .tgz in " + work));
            }
            progress.println("[gpuarb] downloaded " + Files.size(tarball) / (1024 * 1024) + " MB; extracting "
                    + LIB_NAME + "...");
            Path stage = work.resolve(version);
            Files.createDirectories(stage);
            extract(tarball, stage.resolve(LIB_NAME), progress);
            Files.delete(tarball);
            try {
                Files.move(stage, dir, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                throw new IOException("Cannot move " + stage + " atomically into " + dir, e);
            }
            progress.println("[gpuarb] chDB " + version + " ready at " + dir.resolve(LIB_NAME));
        } finally {
            deleteTree(work);
        }
    }

    private static void extract(Path tarball, Path target, PrintStream progress) throws IOException {
        try (InputStream file = new BufferedInputStream(Files.newInputStream(tarball), 1 << 16);
                TarArchiveInputStream tar = new TarArchiveInputStream(new GzipCompressorInputStream(file))) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                if (!entry.getName().equals(LIB_ENTRY)) {
                    continue;
                }
                long size = entry.getSize();
                long copied = 0;
                long reported = 0;
                byte[] buf = new byte[1 << 20];
                try (OutputStream out = Files.newOutputStream(target)) {
                    int n;
                    while ((n = tar.read(buf)) > 0) {
                        out.write(buf, 0, n);
                        copied += n;
                        if (copied - reported >= 128L << 20) {
                            reported = copied;
                            progress.println(
                                    "[gpuarb]   " + copied * 100 / Math.max(1, size) + "% of " + (size >> 20) + " MB");
                        }
                    }
                }
                if (copied != size) {
                    throw new IOException(
                            "Truncated " + LIB_ENTRY + " in " + tarball + ": " + copied + " of " + size + " bytes");
                }
                if (!target.toFile().setExecutable(true)) {
                    throw new IOException("Cannot mark " + target + " executable");
                }
                return;
            }
        }
        throw new IOException(tarball + " has no " + LIB_ENTRY);
    }

    static void deleteTree(Path root) {
        if (root == null || !Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // best effort: leftovers are only scratch files
        }
    }
}
