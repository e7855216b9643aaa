package dev.gpuarb.bench.machine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SourceRevisionTest {

    @TempDir
    Path dir;

    @Test
    void outsideARepositoryBothAreUnknown() {
        assertThat(SourceRevision.probe(dir)).isEqualTo(SourceRevision.UNKNOWN);
        assertThat(SourceRevision.probe(dir.resolve("missing"))).isEqualTo(SourceRevision.UNKNOWN);
    }

    @Test
    void headCommitAndWhetherTheWorkTreeDiffers() throws Exception {
        assumeTrue(git("init", "-q"), "git is not installed");
        Files.writeString(dir.resolve("a.txt"), "a\n");
        assertThat(git("add", "a.txt")).isTrue();
        assertThat(git(
                        "-c",
                        "user.name=bench",
                        "-c",
                        "user.email=bench@example.org",
                        "-c",
                        "commit.gpgsign=false",
                        "commit",
                        "-q",
                        "-m",
                        "a"))
                .isTrue();

        SourceRevision clean = SourceRevision.probe(dir);
        assertThat(clean.commit()).matches("[0-9a-f]{40}");
        assertThat(clean.dirty()).isFalse();

        Files.writeString(dir.resolve("b.txt"), "untracked\n");
        assertThat(SourceRevision.probe(dir)).isEqualTo(new SourceRevision(clean.commit(), true));
    }

    private boolean git(String... args) {
        String[] command = new String[args.length + 1];
        command[0] = "git";
        System.arraycopy(args, 0, command, 1, args.length);
        try {
            Process p = new ProcessBuilder(command)
                    .directory(dir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (Exception e) {
            return false;
        }
    }
}
