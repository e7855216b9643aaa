package dev.gpuarb.bench.machine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * CPU used over an interval by the measured application's process, by the benchmark's own process (the broker and
 * the load generator), and by the whole machine (from /proc/stat, which other builds on a shared machine add to):
 * in cores, i.e. CPU seconds per second of the interval.
 */
public final class CpuUse {

    /** A reading to take the difference of. */
    public record Reading(long nanos, Duration app, Duration harness, long machineBusy, long machineAll) {}

    /** Cores used between two readings; NaN where a figure was not available. */
    public record Cores(double app, double harness, double machine) {}

    private final ProcessHandle app;

    public CpuUse(long appPid) {
        this.app = ProcessHandle.of(appPid).orElse(null);
    }

    public Reading read() {
        long[] machine = machineTicks();
        return new Reading(System.nanoTime(), cpu(app), cpu(ProcessHandle.current()), machine[0], machine[1]);
    }

    public static Cores between(Reading from, Reading to) {
        double seconds = (to.nanos() - from.nanos()) / 1e9;
        return new Cores(
                cores(from.app(), to.app(), seconds),
                cores(from.harness(), to.harness(), seconds),
                to.machineAll() > from.machineAll()
                        ? Runtime.getRuntime().availableProcessors()
                                * (double) (to.machineBusy() - from.machineBusy())
                                / (to.machineAll() - from.machineAll())
                        : Double.NaN);
    }

    private static double cores(Duration from, Duration to, double seconds) {
        if (from == null || to == null || seconds <= 0) {
            return Double.NaN;
        }
        return to.minus(from).toNanos() / 1e9 / seconds;
    }

    private static Duration cpu(ProcessHandle process) {
        return process == null ? null : process.info().totalCpuDuration().orElse(null);
    }

    /** {busy, all} jiffies of all CPUs from the first line of /proc/stat; zeros where there is none. */
    private static long[] machineTicks() {
        try {
            String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long all = 0;
            for (int i = 1; i < Math.min(f.length, 9); i++) { // user nice system idle iowait irq softirq steal
                all += Long.parseLong(f[i]);
            }
            long idle = Long.parseLong(f[4]) + Long.parseLong(f[5]);
            return new long[] {all - idle, all};
        } catch (IOException | RuntimeException e) {
            return new long[] {0, 0};
        }
    }
}
