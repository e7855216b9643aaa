package dev.gpuarb.connectors.core;

import java.time.Duration;

/** Waiting, made replaceable so that tests of backoff do not wait. */
@FunctionalInterface
public interface Sleeper {

    void sleep(Duration duration) throws InterruptedException;

    Sleeper SYSTEM = d -> {
        if (!d.isNegative() && !d.isZero()) {
            Thread.sleep(d.toMillis());
        }
    };
}
