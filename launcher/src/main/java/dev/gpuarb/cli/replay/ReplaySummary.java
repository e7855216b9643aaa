package dev.gpuarb.cli.replay;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a replay read and sent: per kind and topic, rejections and skips by reason, prices of regions
 * without residency data, files that failed.
 */
final class ReplaySummary {

    private final Map<String, Integer> filesByKind = new TreeMap<>();
    private final Map<String, Long> recordsByTopic = new TreeMap<>();
    private final Map<String, Long> rejectedByReason = new TreeMap<>();
    private final Map<String, Long> skippedByWhy = new TreeMap<>();
    /** provider/region -> prices sent without residency tags, their region not being in the vocabulary. */
    private final Map<String, Long> unknownRegions = new TreeMap<>();

    private final List<String> failedFiles = new ArrayList<>();
    private final List<Path> unrecognised = new ArrayList<>();
    private long unchanged;

    void fileRead(DumpKind kind) {
        filesByKind.merge(kind.label(), 1, Integer::sum);
    }

    void sent(String topic) {
        recordsByTopic.merge(topic, 1L, Long::sum);
    }

    void rejected(String reason) {
        rejectedByReason.merge(reason, 1L, Long::sum);
    }

    void skipped(Map<String, Long> byWhy) {
        byWhy.forEach((why, n) -> skippedByWhy.merge(why, n, Long::sum));
    }

    void unknownRegions(Map<String, Long> byRegion) {
        byRegion.forEach((region, n) -> unknownRegions.merge(region, n, Long::sum));
    }

    void unchanged(long count) {
        unchanged += count;
    }

    void failed(Path file, String error) {
        failedFiles.add(file + ": " + error);
    }

    void unrecognised(List<Path> files) {
        unrecognised.addAll(files);
    }

    long records() {
        return recordsByTopic.values().stream().mapToLong(Long::longValue).sum();
    }

    boolean anyFailed() {
        return !failedFiles.isEmpty();
    }

    void print(PrintStream out, boolean dryRun) {
        out.println(dryRun ? "replay summary (dry run: nothing was sent)" : "replay summary");
        out.println("  files read:   " + (filesByKind.isEmpty() ? "none" : joined(filesByKind)));
        out.printf(Locale.ROOT, "  records %s %,d%n", dryRun ? "(would send):" : "sent:        ", records());
        recordsByTopic.forEach((topic, n) -> out.printf(Locale.ROOT, "    %-26s %,d%n", topic, n));
        if (!rejectedByReason.isEmpty()) {
            out.println("  rejected, by reason (each sent to the rejected topic with its detail):");
            rejectedByReason.forEach((reason, n) -> out.printf(Locale.ROOT, "    %-26s %,d%n", reason, n));
        }
        if (!skippedByWhy.isEmpty()) {
            out.println("  skipped on purpose (not priced by this pipeline):");
            skippedByWhy.forEach((why, n) -> out.printf(Locale.ROOT, "    %-26s %,d%n", why, n));
        }
        if (!unknownRegions.isEmpty()) {
            out.printf(
                    Locale.ROOT,
                    "  sent without residency tags (region not in the vocabulary; no policy requiring a tag routes to them): %,d%n",
                    unknownRegions.values().stream().mapToLong(Long::longValue).sum());
            unknownRegions.entrySet().stream()
                    .limit(20)
                    .forEach(e -> out.printf(Locale.ROOT, "    %-26s %,d%n", e.getKey(), e.getValue()));
            if (unknownRegions.size() > 20) {
                out.println("    ... and " + (unknownRegions.size() - 20) + " more");
            }
        }
        if (unchanged > 0) {
            out.printf(Locale.ROOT, "  repeated prices not sent again: %,d%n", unchanged);
        }
        if (!unrecognised.isEmpty()) {
            out.println("  not a known price dump, ignored: " + unrecognised.size() + " file(s)");
            unrecognised.stream().limit(10).forEach(f -> out.println("    " + f));
            if (unrecognised.size() > 10) {
                out.println("    ...");
            }
        }
        if (!failedFiles.isEmpty()) {
            out.println("  FAILED: " + failedFiles.size() + " file(s)");
            failedFiles.forEach(f -> out.println("    " + f));
        }
    }

    private static String joined(Map<String, Integer> counts) {
        StringBuilder sb = new StringBuilder();
        counts.forEach((k, v) ->
                sb.append(sb.length() == 0 ? "" : ", ").append(v).append(' ').append(k));
        return sb.toString();
    }
}
