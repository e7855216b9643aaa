package dev.gpuarb.clickhouse.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.clickhouse.client.api.Client;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Starting, pausing, restarting and stopping the engine process. */
class LifecycleIT {

    private static Client client(EmbeddedClickHouse ch) {
        return new Client.Builder()
                .addEndpoint(ch.httpUrl())
                .setUsername(EmbeddedClickHouse.USER)
                .setPassword(ch.password())
                .setMaxRetries(0)
                .build();
    }

    private static List<ProcessHandle> engineProcesses() {
        return ProcessHandle.current()
                .descendants()
                .filter(p -> p.info().commandLine().orElse("").contains(EngineProcess.class.getName()))
                .toList();
    }

    @Test
    void pauseMakesClickHouseUnavailableUntilResume() throws Exception {
        try (EmbeddedClickHouse ch = EmbeddedClickHouse.start(EmbeddedClickHouse.Config.defaults());
                Client client = client(ch)) {
            client.execute("CREATE TABLE p (a UInt8) ENGINE = MergeTree ORDER BY a")
                    .get(60, TimeUnit.SECONDS)
                    .close();
            int port = ch.port();

            ch.pause();
            assertThat(client.ping()).isFalse();
            assertThatThrownBy(() -> client.queryAll("SELECT count() FROM p")).isInstanceOf(RuntimeException.class);
            assertThatThrownBy(() -> HttpClient.newHttpClient()
                            .send(
                                    HttpRequest.newBuilder(URI.create(ch.httpUrl() + "/ping"))
                                            .build(),
                                    HttpResponse.BodyHandlers.ofString()))
                    .isInstanceOf(ConnectException.class);

            ch.resume();
            assertThat(ch.port()).isEqualTo(port);
            assertThat(client.ping()).isTrue();
            client.execute("INSERT INTO p VALUES (1)").get(60, TimeUnit.SECONDS).close();
            assertThat(client.queryAll("SELECT count() FROM p").get(0).getLong(1))
                    .isEqualTo(1);
        }
    }

    @Test
    void dataSurvivesARestartOnTheSameDirectory(@TempDir Path dir) throws Exception {
        try (EmbeddedClickHouse ch = EmbeddedClickHouse.start(EmbeddedClickHouse.Config.of(dir));
                Client client = client(ch)) {
            client.execute("CREATE TABLE kept (id UInt64, v String) ENGINE = MergeTree ORDER BY id")
                    .get(60, TimeUnit.SECONDS)
                    .close();
            client.execute("INSERT INTO kept SELECT number, toString(number) FROM numbers(1000)")
                    .get(60, TimeUnit.SECONDS)
                    .close();
        }
        try (EmbeddedClickHouse ch = EmbeddedClickHouse.start(EmbeddedClickHouse.Config.of(dir));
                Client client = client(ch)) {
            assertThat(ch.dataDir()).isEqualTo(dir.toAbsolutePath());
            assertThat(client.queryAll("SELECT count(), sum(id) FROM kept")
                            .get(0)
                            .getLong(2))
                    .isEqualTo(499500);
        }
    }

    @Test
    void stopEndsTheEngineProcess() throws Exception {
        EmbeddedClickHouse ch = EmbeddedClickHouse.start(EmbeddedClickHouse.Config.defaults());
        Path data = ch.dataDir();
        assertThat(engineProcesses()).isNotEmpty();
        ch.stop();
        ch.stop(); // idempotent
        assertThat(engineProcesses()).isEmpty();
        assertThat(data).doesNotExist(); // a temporary data directory goes with it
        assertThatThrownBy(ch::pause).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void engineDiesWithItsParent(@TempDir Path dir) throws Exception {
        // A separate launcher JVM, killed hard: its engine child must notice and exit.
        Process launcher = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp",
                        EmbeddedClickHouse.childClasspath(),
                        EmbeddedClickHouseMain.class.getName(),
                        "--port",
                        "0",
                        "--data",
                        dir.toString())
                .redirectErrorStream(true)
                .start();
        try {
            BufferedReader out =
                    new BufferedReader(new InputStreamReader(launcher.getInputStream(), StandardCharsets.UTF_8));
            String line;
            while ((line = out.readLine()) != null && !line.contains("HTTP interface: ")) {
                // wait until it serves
            }
            assertThat(line).as("launcher output").isNotNull();
            Optional<ProcessHandle> engine = launcher.children()
                    .filter(p -> p.info().commandLine().orElse("").contains(EngineProcess.class.getName()))
                    .findFirst();
            assertThat(engine).isPresent();

            launcher.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            engine.get().onExit().get(60, TimeUnit.SECONDS);
            assertThat(engine.get().isAlive()).isFalse();
        } finally {
            launcher.destroyForcibly();
            launcher.children().forEach(ProcessHandle::destroyForcibly);
        }
    }
}
