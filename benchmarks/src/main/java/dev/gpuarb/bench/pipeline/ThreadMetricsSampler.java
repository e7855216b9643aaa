package dev.gpuarb.bench.pipeline;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * Runs in a measured child JVM: every {@value #PERIOD_MS} ms it appends each stream thread's share of time in
 * processing, punctuation, polling and committing (Kafka Streams' own {@code stream-thread-metrics}, read from
 * the JVM's MBean server, where Streams registers them) to a tab-separated file the benchmark reads back
 * ({@link ThreadRatioLog}). Streams computes these ratios over its metrics' rolling window, which the benchmark
 * shortens to about two seconds so that a measured window of a few seconds has several samples of its own.
 */
public final class ThreadMetricsSampler {

    /** System property naming the file; no sampling when absent. */
    public static final String FILE_PROPERTY = "gpuarb.bench.thread.metrics";

    static final long PERIOD_MS = 250;

    /** The ratios, in the order of the file's columns after time and thread. */
    static final List<String> RATIOS = List.of("process-ratio", "punctuate-ratio", "poll-ratio", "commit-ratio");

    private ThreadMetricsSampler() {}

    /** Starts sampling into the file the system property names, if it names one. */
    public static void startIfAsked() {
        String file = System.getProperty(FILE_PROPERTY);
        if (file == null || file.isBlank()) {
            return;
        }
        Thread sampler = new Thread(() -> sample(Path.of(file)), "thread-metrics-sampler");
        sampler.setDaemon(true);
        sampler.start();
    }

    private static void sample(Path file) {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            ObjectName pattern = new ObjectName("kafka.streams:type=stream-thread-metrics,thread-id=*");
            while (!Thread.currentThread().isInterrupted()) {
                long now = System.currentTimeMillis();
                for (ObjectName name : server.queryNames(pattern, null)) {
                    StringBuilder line =
                            new StringBuilder().append(now).append('\t').append(name.getKeyProperty("thread-id"));
                    try {
                        for (String ratio : RATIOS) {
                            Object v = server.getAttribute(name, ratio);
                            line.append('\t').append(String.format(Locale.ROOT, "%.4f", ((Number) v).doubleValue()));
                        }
                    } catch (JMException e) {
                        continue; // the thread ended between the query and the read (an application closing)
                    }
                    out.write(line.append('\n').toString());
                }
                out.flush();
                Thread.sleep(PERIOD_MS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the thread metrics to " + file, e);
        } catch (JMException e) {
            throw new IllegalStateException("bad MBean pattern", e);
        }
    }
}
