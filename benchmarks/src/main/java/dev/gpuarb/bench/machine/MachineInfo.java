package dev.gpuarb.bench.machine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * What the numbers were measured on: CPU model and logical cores from /proc/cpuinfo, RAM from
 * /proc/meminfo, the JDK, and the load average before and after (the machine may be shared).
 */
public record MachineInfo(
        String cpuModel,
        int logicalCores,
        long ramMb,
        String jdk,
        String os,
        String loadAverageBefore,
        String loadAverageAfter) {

    public static MachineInfo probe() {
        String cpu = "unknown";
        int cores = Runtime.getRuntime().availableProcessors();
        List<String> cpuinfo = lines("/proc/cpuinfo");
        int processors = 0;
        for (String line : cpuinfo) {
            if (line.startsWith("model name") && "unknown".equals(cpu)) {
                cpu = line.substring(line.indexOf(':') + 1).strip();
            }
            if (line.startsWith("processor")) {
                processors++;
            }
        }
        if (processors > 0) {
            cores = processors;
        }
        long ramMb = 0;
        for (String line : lines("/proc/meminfo")) {
            if (line.startsWith("MemTotal:")) {
                ramMb = Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
            }
        }
        String jdk = System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version") + " ("
                + System.getProperty("java.vendor") + ")";
        String os = System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                + System.getProperty("os.arch");
        return new MachineInfo(cpu, cores, ramMb, jdk, os, loadAverage(), null);
    }

    public MachineInfo withLoadAfter() {
        return new MachineInfo(cpuModel, logicalCores, ramMb, jdk, os, loadAverageBefore, loadAverage());
    }

    /** The 1, 5 and 15 minute load averages, as /proc/loadavg gives them. */
    public static String loadAverage() {
        List<String> l = lines("/proc/loadavg");
        if (l.isEmpty()) {
            return "unknown";
        }
        String[] parts = l.get(0).split("\\s+");
        return String.format(Locale.ROOT, "%s %s %s", parts[0], parts[1], parts[2]);
    }

    private static List<String> lines(String file) {
        try {
            return Files.readAllLines(Path.of(file));
        } catch (IOException e) {
            return List.of();
        }
    }
}
