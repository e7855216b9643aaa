package dev.gpuarb.bench.pipeline;

import dev.gpuarb.bench.report.BenchmarkReport.ThreadRatios;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads back what {@link ThreadMetricsSampler} wrote in a child JVM: the mean of each ratio over the samples
 * of one application's stream threads within a time range.
 */
public final class ThreadRatioLog {

    private final Path file;

    public ThreadRatioLog(Path file) {
        this.file = file;
    }

    /**
     * Means over the samples taken in [{@code fromMs}, {@code toMs}] (epoch ms) of the threads of the application
     * {@code applicationId} (thread ids start with it and a hyphen, then the process id Streams adds); null when
     * there are none. A ratio Streams had no window for yet (NaN) is left out of its mean.
     */
    public ThreadRatios mean(String applicationId, long fromMs, long toMs) throws IOException {
        if (!Files.exists(file)) {
            return null;
        }
        double[] sum = new double[ThreadMetricsSampler.RATIOS.size()];
        int[] count = new int[sum.length];
        int samples = 0;
        List<String> lines = Files.readAllLines(file);
        for (String line : lines) {
            String[] f = line.split("\t");
            if (f.length != 2 + sum.length || !ofApplication(f[1], applicationId)) {
                continue; // a line being written when read, or another application's thread
            }
            long at = Long.parseLong(f[0]);
            if (at < fromMs || at > toMs) {
                continue;
            }
            samples++;
            for (int i = 0; i < sum.length; i++) {
                double v = Double.parseDouble(f[2 + i]);
                if (Double.isFinite(v)) {
                    sum[i] += v;
                    count[i]++;
                }
            }
        }
        if (samples == 0) {
            return null;
        }
        return new ThreadRatios(
                mean(sum[0], count[0]),
                mean(sum[1], count[1]),
                mean(sum[2], count[2]),
                mean(sum[3], count[3]),
                samples);
    }

    /** The ratios of several ranges as one: each range weighs as many samples as it has; null when none. */
    public static ThreadRatios combine(List<ThreadRatios> parts) {
        double[] sum = new double[4];
        double[] weight = new double[4];
        int samples = 0;
        for (ThreadRatios r : parts) {
            if (r == null) {
                continue;
            }
            double[] v = {r.process(), r.punctuate(), r.poll(), r.commit()};
            for (int i = 0; i < v.length; i++) {
                if (Double.isFinite(v[i])) {
                    sum[i] += v[i] * r.samples();
                    weight[i] += r.samples();
                }
            }
            samples += r.samples();
        }
        if (samples == 0) {
            return null;
        }
        return new ThreadRatios(
                sum[0] / weight[0], sum[1] / weight[1], sum[2] / weight[2], sum[3] / weight[3], samples);
    }

    /** Thread ids are {@code <application id>-<process UUID>-StreamThread-<n>}: the UUID tells a longer id apart. */
    static boolean ofApplication(String threadId, String applicationId) {
        return threadId.matches(
                java.util.regex.Pattern.quote(applicationId) + "-[0-9a-f]{8}-[0-9a-f-]{27}-StreamThread-\\d+");
    }

    private static double mean(double sum, int count) {
        return count == 0 ? Double.NaN : sum / count;
    }
}
