package dev.gpuarb.bench.stats;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;

/**
 * Repeated measurements of one quantity, summarised by the median and how far the repetitions
 * spread (min, max and the interquartile range), so a reader can tell a real difference from noise.
 *
 * @param values the measurements in the order they were taken
 */
public record Summary(List<Double> values, double median, double min, double max, double q1, double q3) {

    public static Summary of(Collection<Double> measurements) {
        if (measurements.isEmpty()) {
            throw new IllegalArgumentException("no measurements");
        }
        List<Double> sorted = new ArrayList<>(measurements);
        Collections.sort(sorted);
        return new Summary(
                List.copyOf(measurements),
                Quantiles.of(sorted, 0.5),
                sorted.get(0),
                sorted.get(sorted.size() - 1),
                Quantiles.of(sorted, 0.25),
                Quantiles.of(sorted, 0.75));
    }

    /** (max - min) / median in percent: how noisy the repetitions were. */
    public double spreadPct() {
        return median == 0 ? 0 : (max - min) / Math.abs(median) * 100;
    }
}
