package dev.gpuarb.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gpuarb.engines.net.FreePorts;




import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;


/** {@code gpuarb up} starts every engine on loopback, resumes from its state, and refuses taken ports. */
class UpCommandTest {

    @TempDir
    Path state;

    @Test
    void startsEnginesPrintsEndpointsAndResumesFromState() {
        String[] args = {"up", "--state-dir", state.toString(), "--exit-after-start",
                "--kafka-port", port(), "--registry-port", port(), "--clickhouse-port", port(), "--connect-port", port(), "--api-port", "0"};
        CliRun first = CliRun.of(args);
        assertThat(first.exitCode()).as(first.out()).isZero();
        assertThat(first.out()).contains("kafka            127.0.0.1:" + args[5])
                .contains("/apis/ccompat/v7").contains("clickhouse").contains("kafka connect").contains("streams api")
                .contains("3 demo policies")
                .contains("stopped cleanly");
        assertThat(state.resolve("kafka/meta.properties")).exists();
        assertThat(state.resolve("endpoints.properties")).doesNotExist();

        CliRun second = CliRun.of(args);
        assertThat(second.exitCode()).as(second.out()).isZero();
        assertThat(second.out()).contains("stopped cleanly").contains("kept");
        assertThat(second.out()).doesNotContain("demo policies");
    }

    @Test
    void aTakenPortIsAClearErrorWithExitCode3() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CliRun run = CliRun.of("up", "--state-dir", state.toString(), "--exit-after-start",
                    "--kafka-port", Integer.toString(taken.getLocalPort()));
            assertThat(run.exitCode()).isEqualTo(GpuarbCli.EXIT_ENVIRONMENT);
            assertThat(run.err()).contains("port 127.0.0.1:" + taken.getLocalPort() + " is already in use")
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
    void unknownSubcommandIsAUsageError() {
        CliRun run = CliRun.of("fly");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("fly");
    }

    private static String port() {
        return Integer.toString(FreePorts.pick());
    }
}
