package dev.gpuarb.bench.pipeline;

import dev.gpuarb.bench.report.BenchmarkReport.ThreadRatios;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

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
        int ratios = ThreadMetricsSampler.RATIOS.size();
        List<ThreadRatios> readings = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            String[] f = line.split("\t");
            if (f.length != 2 + ratios || !ofApplication(f[1], applicationId)) {
                continue; // a line being written when read, or another application's thread
            }
            long at = Long.parseLong(f[0]);
            if (at >= fromMs && at <= toMs) {
                readings.add(new ThreadRatios(
                        Double.parseDouble(f[2]),
                        Double.parseDouble(f[3]),
                        Double.parseDouble(f[4]),
                        Double.parseDouble(f[5]),
                        1));
            }
        }
        return combine(readings);
    }

    /**
     * When a stream thread of {@code applicationId} first had processed records (epoch ms, to within
     * {@value ThreadMetricsSampler#START_CHECK_MS} ms and the time one MBean read takes); empty while none has.
     */
    public OptionalLong firstProcessed(String applicationId) throws IOException {
        Path starts = ThreadMetricsSampler.startsFile(file);
        if (!Files.exists(starts)) {
            return OptionalLong.empty();
        }
        return Files.readAllLines(starts).stream()
                .map(line -> line.split("\t"))
                .filter(f -> f.length == 2 && ofApplication(f[1], applicationId))
                .mapToLong(f -> Long.parseLong(f[0]))
                .min();
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
}
