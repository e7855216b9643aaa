package dev.gpuarb.bench.machine;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Which code was measured: the commit checked out (from {@code git rev-parse HEAD}) and whether the
 * work tree differed from it ({@code git status --porcelain} not empty). Either is null when git or
 * the repository is not there; that never stops a run.
 */
public record SourceRevision(String commit, Boolean dirty) {

    public static final SourceRevision UNKNOWN = new SourceRevision(null, null);

    public static SourceRevision probe(Path dir) {
        String head = git(dir, "rev-parse", "HEAD");
        if (head == null || head.isBlank()) {
            return UNKNOWN;
        }
        String status = git(dir, "status", "--porcelain");
        return new SourceRevision(head.strip(), status == null ? null : !status.isBlank());
    }

    /** Standard output of a git command, or null when it cannot run, fails or hangs. */
    private static String git(Path dir, String... args) {
        File out = null;
        try {
            // Output to a file rather than a pipe: status of a large tree must not block a process we then wait for.
            out = File.createTempFile("gpuarb-bench-git", ".out");
            String[] command = new String[args.length + 1];
            command[0] = "git";
            System.arraycopy(args, 0, command, 1, args.length);
            Process p = new ProcessBuilder(command)
                    .directory(dir.toFile())
                    .redirectOutput(out)
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return null;
            }
            return p.exitValue() == 0 ? Files.readString(out.toPath(), StandardCharsets.UTF_8) : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } finally {
            if (out != null) {
                out.delete();
            }
        }
    }
}
