package dev.gpuarb.engines.registry;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the Apicurio Registry distribution (a Maven artifact, downloaded by the build as a
 * dependency of this module) and unpacks it once into a cache directory shared by all runs.
 */
public final class ApicurioDistribution {

    public static final String VERSION = "2.6.13.Final";
    /** System property or environment variable overriding the archive location. */
    public static final String ARCHIVE_PROPERTY = "gpuarb.apicurio.archive";

    public static final String ARCHIVE_ENV = "GPUARB_APICURIO_ARCHIVE";
    private static final String RUNNER = "apicurio-registry-app-" + VERSION + "-runner.jar";
    private static final Logger log = LoggerFactory.getLogger(ApicurioDistribution.class);

    private ApicurioDistribution() {}

    /** The archive in the local Maven repository, unless overridden. */
    public static Path archive() {
        String configured = System.getProperty(ARCHIVE_PROPERTY, System.getenv(ARCHIVE_ENV));
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        String repo = System.getProperty(
                "maven.repo.local",
                Path.of(System.getProperty("user.home"), ".m2", "repository").toString());
        return Path.of(
                repo,
                "io",
                "apicurio",
                "apicurio-registry-app",
                VERSION,
                "apicurio-registry-app-" + VERSION + "-all.tar.gz");
    }

    /** Cache directory for unpacked distributions: {@code $XDG_CACHE_HOME/gpuarb} or {@code ~/.cache/gpuarb}. */
    public static Path cacheRoot() {
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("gpuarb");
    }

    /** The runner jar, unpacking the archive into the cache first if needed. */
    public static Path runnerJar() {
        Path home = cacheRoot().resolve("apicurio-registry-" + VERSION);
        Path runner = home.resolve(RUNNER);
        if (Files.isRegularFile(runner)) {
            return runner;
        }
        Path archive = archive();
        if (!Files.isRegularFile(archive)) {
            throw new IllegalStateException("Apicurio Registry archive not found at " + archive
                    + ". Build the project once with Maven (it downloads io.apicurio:apicurio-registry-app:" + VERSION
                    + ":tar.gz:all), or point -D" + ARCHIVE_PROPERTY + " / " + ARCHIVE_ENV + " at the archive.");
        }
        try {
            Files.createDirectories(home.getParent());
            Path staging = Files.createTempDirectory(home.getParent(), "apicurio-unpack-");
            log.info("unpacking schema registry {} into {}", archive.getFileName(), home);
            unpack(archive, staging);
            try {
                Files.move(staging, home, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException | AtomicMoveNotSupportedException e) {
                // Another process unpacked it concurrently; theirs is as good as ours.
                deleteQuietly(staging);
            } catch (IOException e) {
                if (!Files.isRegularFile(runner)) {
                    throw e;
                }
                deleteQuietly(staging);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot unpack " + archive + " into " + home, e);
        }
        if (!Files.isRegularFile(runner)) {
            throw new IllegalStateException("unpacked " + archive + " but " + runner + " is missing");
        }
        return runner;
    }

    private static void unpack(Path archive, Path target) throws IOException {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(archive));
                TarArchiveInputStream tar = new TarArchiveInputStream(new GzipCompressorInputStream(in))) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                Path out = target.resolve(entry.getName()).normalize();
                if (!out.startsWith(target)) {
                    throw new IOException("archive entry escapes the target directory: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(out);
                } else if (entry.isFile()) {
                    Files.createDirectories(out.getParent());
                    Files.copy(tar, out, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    private static void deleteQuietly(Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder())
                    .forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // best effort: a leftover staging directory in the cache is harmless
        }
    }
}
