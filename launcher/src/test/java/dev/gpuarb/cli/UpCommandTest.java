package dev.gpuarb.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gpuarb.cli.common.ExitCodes;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code gpuarb up}'s argument and environment errors, and the other subcommands' usage errors.
 * The full run (start, live output, SIGINT, resume) is {@link UpProcessIT}.
 */
class UpCommandTest {

    @TempDir
    Path state;

    @Test
    void aTakenPortIsAClearErrorWithExitCode3() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CliRun run = CliRun.of(
                    "up",
                    "--state-dir",
                    state.toString(),
                    "--exit-after-start",
                    "--kafka-port",
                    Integer.toString(taken.getLocalPort()));
            assertThat(run.exitCode()).isEqualTo(ExitCodes.ENVIRONMENT);
            assertThat(run.err())
                    .contains("port 127.0.0.1:" + taken.getLocalPort() + " is already in use")
                    .contains("--kafka-port");
        }
    }

    @Test
    void statusWithoutARunSaysHowToStartOne() {
        CliRun run = CliRun.of("status", "--state-dir", state.toString());
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).contains("./gpuarb up");
    }

    @Test
    void anUnknownSourceIsAUsageErrorBeforeAnythingStarts() {
        CliRun run =
                CliRun.of("up", "--state-dir", state.toString(), "--exit-after-start", "--sources", "skypilot,nasdaq");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err())
                .contains("unknown source 'nasdaq'")
                .contains("skypilot, azure, litellm, openrouter, vast, sim");
        assertThat(run.out()).doesNotContain("Kafka broker");
    }

    @Test
    void unknownSubcommandIsAUsageError() {
        CliRun run = CliRun.of("fly");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("fly");
    }
}
