package dev.gpuarb.clickhouse.embedded;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Set;

/**
 * The password of a local run's ClickHouse, kept in a file only its owner can read, so that every
 * client of the run (and the user, e.g. for curl) can find it and nobody else can.
 */
public final class PasswordFile {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private PasswordFile() {}

    /** 128 random bits as 32 hex digits: safe in URLs, headers and shell commands. */
    public static String newPassword() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    /**
     * The password in {@code file}, or a new random one written there when the file is missing,
     * empty, or readable by anyone but its owner. It stays the same from run to run, so clients that
     * keep it (a Kafka Connect worker restarting its connectors from their stored configuration, a
     * user's shell) keep working.
     */
    public static String readOrCreate(Path file) throws IOException {
        String password = read(file);
        if (password != null && Files.getPosixFilePermissions(file).equals(OWNER_ONLY)) {
            return password;
        }
        return renew(file);
    }

    /** Writes a new random password to {@code file} (mode 600, replacing any old one) and returns it. */
    public static String renew(Path file) throws IOException {
        String password = newPassword();
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(
                dir, ".clickhouse-password-", ".tmp", PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        try {
            Files.writeString(tmp, password + "\n", StandardCharsets.UTF_8);
            try {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
        return password;
    }

    /** The password in {@code file}, or null when there is no such file or it is empty. */
    public static String read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            return null;
        }
        String password = Files.readString(file, StandardCharsets.UTF_8).strip();
        return password.isEmpty() ? null : password;
    }
}
