package dev.gpuarb.connectors.core;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** A sleeper that records the waits instead of waiting. */
public final class RecordingSleeper implements Sleeper {

    private final List<Duration> waits = new ArrayList<>();

    @Override
    public synchronized void sleep(Duration duration) {
        waits.add(duration);
    }

    public synchronized List<Duration> waits() {
        return List.copyOf(waits);
    }
}
