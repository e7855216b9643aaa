package dev.gpuarb.bench.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gpuarb.bench.report.BenchmarkReport.ThreadRatios;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ThreadRatioLogTest {

    private static final String UUID = "0f8e2c1a-1b2c-4d5e-8f90-a1b2c3d4e5f6";

    @Test
    void meansTheSamplesOfOneApplicationWithinTheRange(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("thread-metrics.tsv");
        Files.write(
                file,
                List.of(
                        line(100, "bench-routing", 0.9, 0.0, 0.05, 0.05), // before the range
                        line(200, "bench-routing", 0.6, 0.0, 0.3, 0.1),
                        line(250, "bench-routing-warm-up", 0.1, 0.1, 0.1, 0.1), // another application
                        line(250, "bench-analytics", 0.2, 0.0, 0.7, 0.1),
                        line(300, "bench-routing", 0.8, 0.01, 0.1, 0.09),
                        line(300, "bench-routing", Double.NaN, 0.0, 0.5, 0.2),
                        "400\tbench-routing-" + UUID + "-StreamThread-1\t0.5", // being written when read
                        line(500, "bench-routing", 0.1, 0.1, 0.1, 0.1))); // after the range
        ThreadRatios r = new ThreadRatioLog(file).mean("bench-routing", 200, 400);
        assertEquals(3, r.samples());
        assertEquals((0.6 + 0.8) / 2, r.process(), 1e-9); // NaN left out of its mean only
        assertEquals((0.0 + 0.01 + 0.0) / 3, r.punctuate(), 1e-9);
        assertEquals((0.3 + 0.1 + 0.5) / 3, r.poll(), 1e-9);
        assertEquals((0.1 + 0.09 + 0.2) / 3, r.commit(), 1e-9);
        assertNull(new ThreadRatioLog(file).mean("bench-routing", 600, 700));
        assertNull(new ThreadRatioLog(dir.resolve("absent.tsv")).mean("bench-routing", 0, 1000));
    }

    @Test
    void anApplicationStartedWhenItsFirstThreadProcessed(@TempDir Path dir) throws Exception {
        Path metrics = dir.resolve("thread-metrics.tsv");
        Files.write(
                ThreadMetricsSampler.startsFile(metrics),
                List.of(
                        "1000\twarm-up-bench-analytics-" + UUID + "-StreamThread-1", // the warm-up's own start
                        "2500\tbench-analytics-" + UUID + "-StreamThread-2",
                        "2400\tbench-analytics-" + UUID + "-StreamThread-1",
                        "2450\tbench-routing-" + UUID + "-StreamThread-1",
                        "2600\tbench-analytics-" + UUID)); // being written when read
        ThreadRatioLog log = new ThreadRatioLog(metrics);
        assertEquals(2400, log.firstProcessed("bench-analytics").getAsLong());
        assertEquals(1000, log.firstProcessed("warm-up-bench-analytics").getAsLong());
        assertTrue(log.firstProcessed("bench-other").isEmpty());
        assertTrue(new ThreadRatioLog(dir.resolve("elsewhere").resolve("absent.tsv"))
                .firstProcessed("bench-analytics")
                .isEmpty());
    }

    @Test
    void threadIdsOfALongerApplicationIdAreNotTheShortersOwn() {
        assertTrue(
                ThreadRatioLog.ofApplication("bench-fresh-routing-" + UUID + "-StreamThread-1", "bench-fresh-routing"));
        assertFalse(ThreadRatioLog.ofApplication(
                "bench-fresh-routing-warm-up-" + UUID + "-StreamThread-1", "bench-fresh-routing"));
        assertFalse(
                ThreadRatioLog.ofApplication("bench-fresh-routing-" + UUID + "-StateUpdater-1", "bench-fresh-routing"));
    }

    @Test
    void combinedRangesWeighTheirSamples() {
        ThreadRatios a = new ThreadRatios(0.5, 0.0, 0.4, 0.1, 1);
        ThreadRatios b = new ThreadRatios(0.8, Double.NaN, 0.1, 0.1, 3);
        ThreadRatios c = ThreadRatioLog.combine(Arrays.asList(a, null, b));
        assertEquals(4, c.samples());
        assertEquals((0.5 + 3 * 0.8) / 4, c.process(), 1e-9);
        assertEquals(0.0, c.punctuate(), 1e-9); // only a had a value
        assertEquals((0.4 + 3 * 0.1) / 4, c.poll(), 1e-9);
        assertNull(ThreadRatioLog.combine(Arrays.asList((ThreadRatios) null)));
    }

    private static String line(long at, String app, double process, double punctuate, double poll, double commit) {
        return at + "\t" + app + "-" + UUID + "-StreamThread-1\t" + process + "\t" + punctuate + "\t" + poll + "\t"
                + commit;
    }
}
