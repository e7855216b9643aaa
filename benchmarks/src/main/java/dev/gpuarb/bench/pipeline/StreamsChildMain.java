package dev.gpuarb.bench.pipeline;

import dev.gpuarb.streams.App;
import dev.gpuarb.streams.StreamsService;
import dev.gpuarb.streams.config.AppConfig;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.function.BooleanSupplier;

/**
 * The production Streams {@link App} in a child JVM that dies with the benchmark: when its standard
 * input closes (the harness exited or crashed) it halts at once. Arguments: the settings file; then,
 * to warm up first, the warm-up's settings file and the marker file that ends the warm-up.
 */
public final class StreamsChildMain {

    private StreamsChildMain() {}

    public static void main(String[] args) throws Exception {
        haltWhenParentGoes();
        ThreadMetricsSampler.startIfAsked();
        if (args.length == 3) {
            Properties warm = load(Path.of(args[1]));
            try (StreamsService service = StreamsService.start(AppConfig.from(warm))) {
                awaitFile(Path.of(args[2]), () -> !service.stoppedApps().isEmpty());
            }
        }
        App.main(new String[] {args[0]});
    }

    static Properties load(Path file) throws IOException {
        Properties props = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            props.load(in);
        }
        return props;
    }

    /** Waits for the benchmark to create {@code file}; fails if {@code failed} says the warm-up run stopped. */
    static void awaitFile(Path file, BooleanSupplier failed) throws InterruptedException {
        while (!Files.exists(file)) {
            if (failed.getAsBoolean()) {
                throw new IllegalStateException("the warm-up run stopped; see the application's log");
            }
            Thread.sleep(50);
        }
    }

    /** Halts this JVM at once when its standard input closes: the benchmark that started it is gone. */
    static void haltWhenParentGoes() {
        Thread watcher = new Thread(
                () -> {
                    try {
                        while (System.in.read() != -1) {
                            // nothing is sent; only the end of the stream matters
                        }
                    } catch (IOException e) {
                        // a broken pipe means the same
                    }
                    Runtime.getRuntime().halt(3);
                },
                "parent-watch");
        watcher.setDaemon(true);
        watcher.start();
    }
}
