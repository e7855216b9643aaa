package dev.gpuarb.streams.time;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.streams.kstream.Windows;
import org.apache.kafka.streams.kstream.internals.TimeWindow;

/**
 * Windows that each cover a trailing horizon (for example 7 days) and end at a UTC midnight;
 * one window ends every day. A record falls into every window whose horizon contains it, so
 * closing the window that ends at midnight yields "the last N days" once a day.
 */
public final class TrailingDailyWindows extends Windows<TimeWindow> {

    public static final long DAY_MS = Duration.ofDays(1).toMillis();

    private final long horizonMs;
    private final long graceMs;

    private TrailingDailyWindows(long horizonMs, long graceMs) {
        if (horizonMs < DAY_MS) {
            throw new IllegalArgumentException("horizon must be at least one day, was " + horizonMs + " ms");
        }
        if (graceMs < 0) {
            throw new IllegalArgumentException("grace must not be negative");
        }
        this.horizonMs = horizonMs;
        this.graceMs = graceMs;
    }

    public static TrailingDailyWindows of(Duration horizon, Duration grace) {
        return new TrailingDailyWindows(horizon.toMillis(), grace.toMillis());
    }

    @Override
    public Map<Long, TimeWindow> windowsFor(long timestamp) {
        Map<Long, TimeWindow> windows = new LinkedHashMap<>();
        // The first window to contain the timestamp ends at the next UTC midnight strictly after it.
        long end = Math.floorDiv(timestamp, DAY_MS) * DAY_MS + DAY_MS;
        while (end - horizonMs <= timestamp) {
            long start = end - horizonMs;
            if (start >= 0) {
                windows.put(start, new TimeWindow(start, end));
            }
            end += DAY_MS;
        }
        return windows;
    }

    @Override
    public long size() {
        return horizonMs;
    }

    @Override
    public long gracePeriodMs() {
        return graceMs;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TrailingDailyWindows w && w.horizonMs == horizonMs && w.graceMs == graceMs;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(horizonMs) * 31 + Long.hashCode(graceMs);
    }

    @Override
    public String toString() {
        return "TrailingDailyWindows{horizonMs=" + horizonMs + ", graceMs=" + graceMs + "}";
    }
}
