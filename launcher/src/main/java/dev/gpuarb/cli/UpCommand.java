package dev.gpuarb.cli;

import dev.gpuarb.cli.common.StateDir;
import dev.gpuarb.cli.live.LiveView;
import dev.gpuarb.cli.local.LocalStack;
import dev.gpuarb.cli.local.PipelineWatch;
import dev.gpuarb.cli.local.Ports;
import dev.gpuarb.cli.local.SourcePlan;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code gpuarb up}: the whole pipeline on embedded engines, until Ctrl-C. */
@Command(
        name = "up",
        mixinStandardHelpOptions = true,
        description = {
            "Run the whole pipeline locally, bound to 127.0.0.1: a Kafka broker (KRaft), the schema",
            "registry, ClickHouse, a Kafka Connect worker with the price connectors and the ClickHouse",
            "sink, and the Streams applications (routing, analytics); then show live route updates, spreads and bids.",
            "Prices come from the public sources (SkyPilot catalogs, Azure Retail Prices, LiteLLM, OpenRouter, Vast.ai);",
            "when none answers (offline), from the market simulator. State is kept in the state directory,",
            "so the next run resumes. Ctrl-C stops everything cleanly."
        },
        footer = {
            "",
            "Examples: gpuarb up --sources sim                      (the simulated market only)",
            "          gpuarb up --sources skypilot,litellm --source-setting skypilot.poll.interval.ms=600000",
            "          gpuarb up --sources none --replay ../shared/data   (history from dumps only)"
        })
final class UpCommand implements Callable<Integer> {

    /** How often the parts of the run are probed. */
    static final Duration WATCH_INTERVAL = Duration.ofSeconds(2);
    /** Exit code when a part of the pipeline failed while running. */
    static final int PART_FAILED = 3;
    /** Exit code of bad options (picocli's own usage errors use the same). */
    static final int USAGE = 2;

    @Option(names = "--state-dir", description = "State directory (default: $GPUARB_STATE_DIR or ./.gpuarb).")
    Path stateDir;

    @Option(
            names = "--kafka-port",
            defaultValue = "9092",
            description = "Kafka broker port (default: ${DEFAULT-VALUE}).")
    int kafkaPort;

    @Option(
            names = "--registry-port",
            defaultValue = "8081",
            description = "Schema registry port (default: ${DEFAULT-VALUE}).")
    int registryPort;

    @Option(
            names = "--clickhouse-port",
            defaultValue = "8123",
            description = "ClickHouse HTTP port (default: ${DEFAULT-VALUE}).")
    int clickhousePort;

    @Option(
            names = "--connect-port",
            defaultValue = "8083",
            description = "Kafka Connect REST port (default: ${DEFAULT-VALUE}).")
    int connectPort;

    @Option(
            names = "--api-port",
            defaultValue = "8080",
            description = "Streams HTTP API port (default: ${DEFAULT-VALUE}; 0 = any free port).")
    int apiPort;

    @Option(
            names = "--sources",
            paramLabel = "LIST",
            defaultValue = SourcePlan.REAL,
            description =
                    "Price sources: real (every public source: skypilot, azure, litellm, openrouter, vast), sim (the "
                            + "market simulator), none (only --replay), or a comma-separated list of these names "
                            + "(default: ${DEFAULT-VALUE}). With public sources and none answering, the simulator runs instead.")
    String sourcesOption;

    @Option(
            names = "--source-setting",
            paramLabel = "SOURCE.KEY=VALUE",
            description = "A connector setting of one source, e.g. skypilot.poll.interval.ms=600000 or "
                    + "azure.azure.regions=westeurope,eastus (the keys of the connector reference). Repeatable.")
    Map<String, String> sourceSettings = new LinkedHashMap<>();

    @Option(
            names = "--replay",
            paramLabel = "PATH",
            description =
                    "Price dumps to send once the run is up, as gpuarb replay sends them (SkyPilot CSVs, EC2 spot "
                            + "history, LiteLLM JSON; directories read recursively). Repeatable.")
    List<Path> replay = new ArrayList<>();

    @Option(names = "--quiet", description = "Do not print live route updates, spreads and bids.")
    boolean quiet;

    @Option(names = "--exit-after-start", hidden = true, description = "Start, print endpoints, stop (for checks).")
    boolean exitAfterStart;

    @Override
    public Integer call() throws Exception {
        SourcePlan sources;
        try {
            sources = SourcePlan.parse(sourcesOption, sourceSettings, replay);
        } catch (IllegalArgumentException e) {
            System.err.println("gpuarb up: " + e.getMessage());
            return USAGE;
        }
        Path dir = stateDir != null ? stateDir.toAbsolutePath().normalize() : StateDir.defaultLocation();
        Files.createDirectories(dir);
        System.out.println("gpuarb up: starting the local pipeline (state in " + dir + ")");
        LocalStack stack = new LocalStack(
                dir, new Ports(kafkaPort, registryPort, clickhousePort, connectPort, apiPort), sources, System.out);
        // Ctrl-C and SIGTERM ask the main thread to stop the parts in order and exit 0. A JVM
        // shutdown hook would race the engines' own hooks (ClickHouse could stop before the sink).
        CountDownLatch stopRequested = new CountDownLatch(1);
        StopSignals.onInterruptOrTerminate(stopRequested::countDown);
        Thread fallback = new Thread(stack::close, "gpuarb-shutdown");
        Runtime.getRuntime().addShutdownHook(fallback);
        LiveView live = null;
        int exitCode = 0;
        try {
            stack.start();
            stack.printEndpoints();
            System.out.println();
            System.out.println(
                    "Running. Route policies: ./gpuarb policy list | add | rm   Routes: ./gpuarb routes watch");
            System.out.println("Sources and how fresh their prices are: ./gpuarb status");
            System.out.println("ClickHouse: curl '" + stack.endpoints().get("clickhouse")
                    + "/?query=SELECT+count()+FROM+gpuarb.gpu_prices'");
            System.out.println(
                    "Live page (routes, spreads, bids): " + stack.endpoints().get("streams api") + "/");
            System.out.println("Press Ctrl-C to stop.");
            System.out.println();
            if (!quiet && !exitAfterStart) {
                live = new LiveView(stack.clientProperties(), System.out);
                live.start();
            }
            if (!exitAfterStart) {
                PipelineWatch watch = stack.watch();
                while (!stopRequested.await(WATCH_INTERVAL.toMillis(), TimeUnit.MILLISECONDS)) {
                    Optional<PipelineWatch.Failure> failure = watch.check();
                    if (failure.isPresent()) {
                        exitCode = PART_FAILED;
                        System.out.println();
                        System.out.println(
                                "gpuarb up: STOPPING: " + failure.get().describe());
                        break;
                    }
                }
            }
        } finally {
            System.out.println();
            System.out.println("gpuarb up: stopping ...");
            if (live != null) {
                live.close();
            }
            stack.close();
            Runtime.getRuntime().removeShutdownHook(fallback);
        }
        System.out.println(
                exitCode == 0 ? "gpuarb up: stopped cleanly" : "gpuarb up: stopped because a part failed (see above)");
        return exitCode;
    }
}
