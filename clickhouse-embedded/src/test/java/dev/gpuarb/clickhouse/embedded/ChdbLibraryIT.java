package dev.gpuarb.clickhouse.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChdbLibraryIT {

    @Test
    void explicitPathWins(@TempDir Path dir) throws IOException {
        Path fake = Files.createFile(dir.resolve("libchdb.so"));
        String before = System.getProperty("gpuarb.chdb.lib");
        try {
            System.setProperty("gpuarb.chdb.lib", fake.toString());
            assertThat(ChdbLibrary.resolve()).isEqualTo(fake.toAbsolutePath());
            System.setProperty("gpuarb.chdb.lib", dir.resolve("missing.so").toString());
            assertThatThrownBy(ChdbLibrary::resolve)
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("gpuarb.chdb.lib")
                    .hasMessageContaining("missing.so");
        } finally {
            if (before == null) {
                System.clearProperty("gpuarb.chdb.lib");
            } else {
                System.setProperty("gpuarb.chdb.lib", before);
            }
        }
    }

    @Test
    void defaultLocationIsTheVersionedUserCache() throws IOException {
        assumeTrue(
                System.getProperty("gpuarb.chdb.lib") == null && System.getenv("GPUARB_CHDB_LIB") == null,
                "an explicit library is configured for this run; the cache is not used");
        // Fetches the library on a fresh machine; afterwards it is a lookup.
        Path lib = ChdbLibrary.resolve();
        assertThat(lib)
                .isEqualTo(
                        ChdbLibrary.cacheRoot().resolve(ChdbLibrary.version()).resolve("libchdb.so"));
        assertThat(Files.size(lib)).isGreaterThan(100L << 20);
    }
}
