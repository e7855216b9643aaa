package dev.gpuarb.bench.macro;

import java.time.Duration;
import java.util.concurrent.Callable;

/** Bounded polling waits of the macro benchmarks. */
final class Waits {

    private Waits() {}

    /** Polls until the condition holds; returns System.nanoTime() at the poll that saw it. */
    static long until(String what, Duration timeout, long pollMillis, Callable<Boolean> condition, Runnable alive)
            throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            boolean ok;
            try {
                ok = condition.call();
            } catch (Exception e) {
                ok = false; // e.g. the group coordinator is still loading
            }
            long now = System.nanoTime();
            if (ok) {
                return now;
            }
            alive.run();
            if (now > deadline) {
                throw new TimedOut("gave up waiting for " + what + " after " + timeout);
            }
            Thread.sleep(pollMillis);
        }
    }

    /** The wait's time ran out (as opposed to the watched process dying, which {@code alive} reports). */
    static final class TimedOut extends IllegalStateException {
        private static final long serialVersionUID = 1L;

        TimedOut(String message) {
            super(message);
        }
    }

    static double seconds(long nanos) {
        return nanos / 1e9;
    }
}
