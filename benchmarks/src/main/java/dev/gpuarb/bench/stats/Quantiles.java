package dev.gpuarb.bench.stats;

import java.util.List;

/** Quantiles by linear interpolation between closest ranks (the R-7 / NumPy default). */
public final class Quantiles {

    private Quantiles() {}

    /** The q-quantile (0..1) of values sorted ascending. */
    public static double of(List<Double> sorted, double q) {
        if (sorted.isEmpty()) {
            throw new IllegalArgumentException("no values");
        }
        if (q < 0 || q > 1) {
            throw new IllegalArgumentException("q must be in [0, 1]: " + q);
        }
        double rank = q * (sorted.size() - 1);
        int lo = (int) Math.floor(rank);
        int hi = (int) Math.ceil(rank);
        double fraction = rank - lo;
        return sorted.get(lo) + (sorted.get(hi) - sorted.get(lo)) * fraction;
    }

    /** The q-quantile of a sorted primitive array. */
    public static double of(double[] sorted, double q) {
        if (sorted.length == 0) {
            throw new IllegalArgumentException("no values");
        }
        double rank = q * (sorted.length - 1);
        int lo = (int) Math.floor(rank);
        int hi = (int) Math.ceil(rank);
        return sorted[lo] + (sorted[hi] - sorted[lo]) * (rank - lo);
    }
}
