package dev.gpuarb.cli;

import dev.gpuarb.cli.local.LocalStack;
import dev.gpuarb.cli.local.Ports;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code gpuarb up}: the whole pipeline on embedded engines, until Ctrl-C. */
@Command(name = "up", mixinStandardHelpOptions = true,
        description = {"Run the pipeline locally on embedded engines (Kafka KRaft broker, schema registry,",
                "ClickHouse, Kafka Connect), bound to 127.0.0.1. State is kept in the state directory,",
                "so the next run resumes. Ctrl-C stops everything cleanly."})
final class UpCommand implements Callable<Integer> {

    @Option(names = "--state-dir", description = "State directory (default: $GPUARB_STATE_DIR or ./.gpuarb).")
    Path stateDir;

    @Option(names = "--kafka-port", defaultValue = "9092", description = "Kafka broker port (default: ${DEFAULT-VALUE}).")
    int kafkaPort;

    @Option(names = "--registry-port", defaultValue = "8081", description = "Schema registry port (default: ${DEFAULT-VALUE}).")
    int registryPort;

    @Option(names = "--clickhouse-port", defaultValue = "8123", description = "ClickHouse HTTP port (default: ${DEFAULT-VALUE}).")
    int clickhousePort;

    @Option(names = "--connect-port", defaultValue = "8083", description = "Kafka Connect REST port (default: ${DEFAULT-VALUE}).")
    int connectPort;

    @Option(names = "--exit-after-start", hidden = true, description = "Start, print endpoints, stop (for checks).")
    boolean exitAfterStart;

    @Override
    public Integer call() throws Exception {
        Path dir = stateDir != null ? stateDir.toAbsolutePath().normalize() : StateDir.defaultLocation();
        Files.createDirectories(dir);
        System.out.println("gpuarb up: starting the local pipeline (state in " + dir + ")");
        LocalStack stack = new LocalStack(dir, new Ports(kafkaPort, registryPort, clickhousePort, connectPort), System.out);
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            System.out.println();
            System.out.println("gpuarb up: stopping ...");
            stack.close();
            System.out.println("gpuarb up: stopped cleanly");
            stopped.countDown();
        }, "gpuarb-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        stack.start();
        stack.printEndpoints();
        System.out.println();
        System.out.println("Not yet part of the local run: price connectors, the Streams application and the");
        System.out.println("ClickHouse sink. The engines above are running; press Ctrl-C to stop.");
        if (exitAfterStart) {
            Runtime.getRuntime().removeShutdownHook(hook);
            hook.run();
            return 0;
        }
        stopped.await();
        return 0;
    }
}
