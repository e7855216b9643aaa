package dev.gpuarb.bench.stats;

import java.util.Arrays;

/** Latency distribution of one measurement window: p50, p99 and the maximum, in milliseconds. */
public record Latencies(int count, double p50Ms, double p99Ms, double maxMs) {

    public static Latencies ofMillis(double[] values) {
        if (values.length == 0) {
            throw new IllegalArgumentException("no latencies");
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return new Latencies(
                sorted.length, Quantiles.of(sorted, 0.5), Quantiles.of(sorted, 0.99), sorted[sorted.length - 1]);
    }
}
