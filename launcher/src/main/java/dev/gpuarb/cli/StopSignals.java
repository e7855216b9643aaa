package dev.gpuarb.cli;

import sun.misc.Signal;

/**
 * Turns SIGINT and SIGTERM into a callback instead of JVM shutdown, so a long-running command can
 * stop its parts in order and exit normally. {@code sun.misc.Signal} (module jdk.unsupported) is
 * the only JDK way to do this; no library offers more than a wrapper over it.
 */
final class StopSignals {

    private StopSignals() {
    }

    static void onInterruptOrTerminate(Runnable action) {
        Signal.handle(new Signal("INT"), s -> action.run());
        Signal.handle(new Signal("TERM"), s -> action.run());
    }
}
