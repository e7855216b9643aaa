package dev.gpuarb.clickhouse.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PasswordFileTest {

    @Test
    void madeOnceForItsOwnerOnlyThenKept(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("state/clickhouse.password");
        String first = PasswordFile.readOrCreate(file);
        assertThat(first).matches("[0-9a-f]{32}");
        assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(PasswordFile.readOrCreate(file)).isEqualTo(first);
        assertThat(PasswordFile.read(file)).isEqualTo(first);

        // Others could have read it: a new one replaces it.
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        String second = PasswordFile.readOrCreate(file);
        assertThat(second).isNotEqualTo(first).matches("[0-9a-f]{32}");
        assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(dir.resolve("state")).isDirectoryNotContaining("glob:**.tmp");
    }
}
