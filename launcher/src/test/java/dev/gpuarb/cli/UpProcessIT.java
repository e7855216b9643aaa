package dev.gpuarb.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gpuarb.cli.common.StateDir;
import dev.gpuarb.engines.net.FreePorts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code gpuarb up} as a user runs it: a child process that starts everything, shows live route
 * updates, lands rows in ClickHouse, stops cleanly on SIGINT and resumes from its state.
 */
class UpProcessIT {

    @TempDir
    Path state;

    @Test
    void runsThePipelineStopsOnSigintAndResumes() throws Exception {
        String clickhousePort = Integer.toString(FreePorts.pick());
        String kafkaPort = Integer.toString(FreePorts.pick());
        List<String> args = List.of(
                "up",
                "--state-dir",
                state.toString(),
                "--kafka-port",
                kafkaPort,
                "--registry-port",
                Integer.toString(FreePorts.pick()),
                "--clickhouse-port",
                clickhousePort,
                "--connect-port",
                Integer.toString(FreePorts.pick()),
                "--api-port",
                "0",
                "--sources",
                "sim");

        UpChild first = UpChild.start(args, state);
        try {
            first.awaitLine(l -> l.contains("Press Ctrl-C to stop"), Duration.ofMinutes(5));
            String route = first.awaitLine(l -> l.startsWith("route "), Duration.ofMinutes(3));
            assertThat(route).containsAnyOf("train-h100", "infer-l4-eu", "chat-llama-70b", "chat-70b-selfhost");
            // The run's password is in the state directory, readable by its owner only, and never printed.
            Path passwordFile = state.resolve(StateDir.CLICKHOUSE_PASSWORD_FILE);
            assertThat(Files.getPosixFilePermissions(passwordFile))
                    .isEqualTo(PosixFilePermissions.fromString("rw-------"));
            String password = Files.readString(passwordFile).strip();
            assertThat(password).hasSizeGreaterThanOrEqualTo(32);
            long rows = ClickHouseCounts.awaitPositive(
                    "http://127.0.0.1:" + clickhousePort,
                    password,
                    "SELECT count() FROM gpuarb.gpu_prices",
                    Duration.ofMinutes(2));
            assertThat(rows).isPositive();
            assertThat(ClickHouseCounts.status("http://127.0.0.1:" + clickhousePort, "wrong-password", "SELECT 1"))
                    .isEqualTo(401);
            assertThat(first.output()).doesNotContain(password);

            first.interrupt();
            assertThat(first.process.waitFor(120, TimeUnit.SECONDS))
                    .as("stops within 2 minutes of SIGINT")
                    .isTrue();
            assertThat(first.process.exitValue()).as(first.output()).isZero();
            // Where each part listens, and the demo policies of a fresh state.
            assertThat(first.output())
                    .contains("kafka            127.0.0.1:" + kafkaPort)
                    .contains("/apis/ccompat/v7")
                    .contains("clickhouse")
                    .contains("kafka connect")
                    .contains("streams api")
                    .contains("4 demo policies")
                    .contains("stopped cleanly");
            assertThat(state.resolve("kafka/meta.properties")).exists();
            assertThat(state.resolve("endpoints.properties"))
                    .as("removed on a clean stop")
                    .doesNotExist();
        } finally {
            first.kill();
        }

        List<String> again = new ArrayList<>(args);
        again.add("--exit-after-start");
        UpChild second = UpChild.start(again, state);
        try {
            assertThat(second.process.waitFor(5, TimeUnit.MINUTES)).isTrue();
            assertThat(second.process.exitValue()).as(second.output()).isZero();
            // The policies of the first run are still there: state was resumed, not recreated.
            assertThat(second.output())
                    .contains("route policies")
                    .contains("kept")
                    .doesNotContain("demo policies");
        } finally {
            second.kill();
        }
    }
}
