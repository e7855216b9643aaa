package dev.gpuarb.bench.pipeline;

import dev.gpuarb.streams.App;
import java.io.IOException;

/**
 * The production Streams {@link App} in a child JVM that dies with the benchmark: when its standard
 * input closes (the harness exited or crashed) it halts at once.
 */
public final class StreamsChildMain {

    private StreamsChildMain() {}

    public static void main(String[] args) throws Exception {
        haltWhenParentGoes();
        App.main(args);
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
