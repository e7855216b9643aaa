package dev.gpuarb.testkit;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;

/**
 * Locates the real public price data that lives beside the project ({@code ../shared/data}), read
 * in place and never copied into the repository. The build passes its location as the system
 * property {@code gpuarb.shared.data}; {@code GPUARB_SHARED_DATA} overrides it.
 */
public final class SharedData {

    public static final String PROPERTY = "gpuarb.shared.data";
    public static final String ENV = "GPUARB_SHARED_DATA";

    private SharedData() {}

    /** The data directory, if it exists. */
    public static Optional<Path> dir() {
        String configured = System.getenv(ENV);
        if (configured == null || configured.isBlank()) {
            configured = System.getProperty(PROPERTY, "../shared/data");
        }
        Path dir = Path.of(configured).toAbsolutePath().normalize();
        return Files.isDirectory(dir) ? Optional.of(dir) : Optional.empty();
    }

    /**
     * The given subdirectory of the data; when it is absent the calling test is skipped (not passed)
     * with a message saying where the data was looked for.
     */
    public static Path require(String subdirectory) {
        Optional<Path> root = dir();
        Path where = root.map(r -> r.resolve(subdirectory)).orElse(null);
        Assumptions.assumeTrue(
                where != null && Files.isDirectory(where),
                () -> "SKIPPED: real price data not found (looked for " + subdirectory + " under "
                        + System.getProperty(PROPERTY, "../shared/data") + "; set " + ENV + " to its location)");
        return where;
    }
}
