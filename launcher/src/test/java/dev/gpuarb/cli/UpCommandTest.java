package dev.gpuarb.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gpuarb.engines.net.FreePorts;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code gpuarb up} starts every engine on loopback, resumes from its state, and refuses taken ports. */
class UpCommandTest {

    @TempDir
    Path state;

    @Test
    void startsEnginesPrintsEndpointsAndResumesFromState() {
        String[] args = {"up", "--state-dir", state.toString(), "--exit-after-start",
                "--kafka-port", port(), "--registry-port", port(), "--clickhouse-port", port(), "--connect-port", port(), "--api-port", "0"};
        Run first = run(args);
        assertThat(first.exitCode).as(first.out).isZero();
        assertThat(first.out).contains("kafka            127.0.0.1:" + args[5])
                .contains("/apis/ccompat/v7").contains("clickhouse").contains("kafka connect").contains("streams api")
                .contains("3 demo policies")
                .contains("stopped cleanly");
        assertThat(state.resolve("kafka/meta.properties")).exists();
        assertThat(state.resolve("endpoints.properties")).doesNotExist();

        Run second = run(args);
        assertThat(second.exitCode).as(second.out).isZero();
        assertThat(second.out).contains("stopped cleanly").contains("kept");
        assertThat(second.out).doesNotContain("demo policies");
    }

    @Test
    void aTakenPortIsAClearErrorWithExitCode3() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Run run = run("up", "--state-dir", state.toString(), "--exit-after-start",
                    "--kafka-port", Integer.toString(taken.getLocalPort()));
            assertThat(run.exitCode).isEqualTo(GpuarbCli.EXIT_ENVIRONMENT);
            assertThat(run.err).contains("port 127.0.0.1:" + taken.getLocalPort() + " is already in use")
                    .contains("--kafka-port");
        }
    }

    @Test
    void statusWithoutARunSaysHowToStartOne() {
        Run run = run("status", "--state-dir", state.toString());
        assertThat(run.exitCode).isEqualTo(1);
        assertThat(run.out).contains("./gpuarb up");
    }

    @Test
    void unknownSubcommandIsAUsageError() {
        Run run = run("fly");
        assertThat(run.exitCode).isEqualTo(2);
        assertThat(run.err).contains("fly");
    }

    private static String port() {
        return Integer.toString(FreePorts.pick());
    }

    private record Run(int exitCode, String out, String err) {
    }

    private static Run run(String... args) {
        PrintStream originalOut = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        StringWriter err = new StringWriter();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            CommandLine cli = GpuarbCli.commandLine();
            cli.setErr(new PrintWriter(err, true));
            int code = cli.execute(args);
            return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString());
        } finally {
            System.setOut(originalOut);
        }
    }
}
