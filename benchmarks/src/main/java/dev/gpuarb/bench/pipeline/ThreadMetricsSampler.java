package dev.gpuarb.bench.pipeline;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * Runs in a measured child JVM: every {@value #PERIOD_MS} ms it appends each stream thread's share of time in
 * processing, punctuation, polling and committing (Kafka Streams' own {@code stream-thread-metrics}, read from
 * the JVM's MBean server, where Streams registers them) to a tab-separated file the benchmark reads back
 * ({@link ThreadRatioLog}). Streams computes these ratios over its metrics' rolling window, which the benchmark
 * shortens to about two seconds so that a measured window of a few seconds has several samples of its own.
 *
 * <p>Every {@value #START_CHECK_MS} ms it also watches each stream thread's {@code process-total} and writes,
 * once per thread, when it was first seen above zero ({@link #startsFile}): when that application began
 * processing, a start for its drain that does not depend on when it first commits.
 */
public final class ThreadMetricsSampler {

    /** System property naming the file; no sampling when absent. */
    public static final String FILE_PROPERTY = "gpuarb.bench.thread.metrics";

    static final long PERIOD_MS = 250;

    static final long START_CHECK_MS = 10;

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

    /** The file of first-processing times beside the metrics file: epoch ms, tab, thread id, per line. */
    public static Path startsFile(Path metricsFile) {
        return metricsFile.resolveSibling("thread-starts.tsv");
    }

    private static void sample(Path file) {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
                Writer starts = Files.newBufferedWriter(startsFile(file), StandardCharsets.UTF_8)) {
            ObjectName pattern = new ObjectName("kafka.streams:type=stream-thread-metrics,thread-id=*");
            Set<String> started = new HashSet<>();
            long nextRatios = 0;
            while (!Thread.currentThread().isInterrupted()) {
                long now = System.currentTimeMillis();
                Set<ObjectName> threads = server.queryNames(pattern, null);
                for (ObjectName name : threads) {
                    String thread = name.getKeyProperty("thread-id");
                    if (!started.contains(thread) && processed(server, name) > 0) {
                        started.add(thread);
                        starts.write(now + "\t" + thread + "\n");
                        starts.flush();
                    }
                }
                if (now < nextRatios) {
                    Thread.sleep(START_CHECK_MS);
                    continue;
                }
                nextRatios = now + PERIOD_MS;
                for (ObjectName name : threads) {
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
                Thread.sleep(START_CHECK_MS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the thread metrics to " + file, e);
        } catch (JMException e) {
            throw new IllegalStateException("bad MBean pattern", e);
        }
    }

    /** Records the thread has processed so far; 0 while it cannot tell (e.g. the thread is closing). */
    private static double processed(MBeanServer server, ObjectName thread) {
        try {
            return ((Number) server.getAttribute(thread, "process-total")).doubleValue();
        } catch (JMException e) {
            return 0;
        }
    }
}
