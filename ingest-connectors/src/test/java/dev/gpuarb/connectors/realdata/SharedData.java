package dev.gpuarb.connectors.realdata;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/** Locates ../shared/data (system property gpuarb.shared.data); tests are skipped, loudly, when it is absent. */
final class SharedData {

    private SharedData() {}

    static Path require(String subdirectory) {
        String configured = System.getProperty("gpuarb.shared.data");
        Path dir = configured == null ? null : Path.of(configured).resolve(subdirectory);
        boolean present = dir != null && Files.isDirectory(dir);
        if (!present) {
            System.out.println("SKIPPED: real data directory not found (gpuarb.shared.data=" + configured + ", needed "
                    + subdirectory + ")");
        }
        assumeTrue(present, "real data directory absent: " + dir + " (set -Dgpuarb.shared.data)");
        return dir;
    }
}
