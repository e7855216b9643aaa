package dev.gpuarb.streams.integration;

import dev.gpuarb.streams.App;
import java.io.IOException;
import java.io.InputStream;

/**
 * The production {@link App} for a child JVM that must not outlive the test JVM: when its standard
 * input closes (the parent exited, crashed or closed the pipe) it halts at once, like a kill.
 */
public final class StdinBoundApp {

    /** Exit status when the parent went away; distinct from the application's own failures. */
    static final int PARENT_GONE = 3;

    private StdinBoundApp() {}

    public static void main(String[] args) throws Exception {
        Thread watcher = new Thread(
                () -> {
                    awaitEndOfInput(System.in);
                    Runtime.getRuntime().halt(PARENT_GONE);
                },
                "parent-watch");
        watcher.setDaemon(true);
        watcher.start();
        App.main(args);
    }

    private static void awaitEndOfInput(InputStream in) {
        try {
            while (in.read() != -1) {
                // nothing is ever sent; only the end of the stream matters
            }
        } catch (IOException e) {
            // a broken pipe means the same as end of input
        }
    }
}
