package dev.gpuarb.bench.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * benchmarks/RESULTS.md: the latest run's generated markdown sits between two marker lines, and
 * everything outside them (the written analysis of earlier runs) is kept as it is.
 */
public final class ResultsFile {

    public static final String START = "<!-- generated:latest-run:start -->";
    public static final String END = "<!-- generated:latest-run:end -->";
    static final String TITLE = "# Benchmark results";

    private ResultsFile() {}

    /** Puts {@code generated} into the block of {@code file}, creating the file if it is not there. */
    public static void update(Path file, String generated) throws IOException {
        String existing = Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : null;
        Files.writeString(file, splice(existing, generated), StandardCharsets.UTF_8);
    }

    /**
     * {@code existing} (null: no file yet) with its block replaced by {@code generated}. Without the
     * markers the block goes right after the first "# " heading line (or under a new title at the top).
     *
     * @throws IllegalArgumentException when only one marker is there, or they are out of order: the file
     *                                  was edited by hand, and guessing where the block ends could delete text
     */
    public static String splice(String existing, String generated) {
        String block = START + "\n" + generated.strip() + "\n\n" + END; // the blank line ends the last paragraph
        if (existing == null) {
            return TITLE + "\n\n" + block + "\n";
        }
        int start = markerLine(existing, START);
        int end = markerLine(existing, END);
        if (start >= 0 && end > start) {
            int afterEnd = existing.indexOf('\n', end);
            return existing.substring(0, start) + block + (afterEnd < 0 ? "\n" : existing.substring(afterEnd));
        }
        if (start >= 0 || end >= 0) {
            throw new IllegalArgumentException("the markers " + START + " and " + END
                    + " must both be there, each on a line of its own and in this order");
        }
        int title = headingLine(existing);
        if (title < 0) {
            return TITLE + "\n\n" + block + "\n\n" + existing;
        }
        int afterTitle = existing.indexOf('\n', title);
        if (afterTitle < 0) {
            return existing + "\n\n" + block + "\n";
        }
        return existing.substring(0, afterTitle + 1) + "\n" + block + "\n" + existing.substring(afterTitle + 1);
    }

    /** Offset of the first line that is exactly {@code marker} (surrounding blanks ignored), or -1. */
    private static int markerLine(String text, String marker) {
        int offset = 0;
        for (String line : text.split("\n", -1)) {
            if (line.strip().equals(marker)) {
                return offset;
            }
            offset += line.length() + 1;
        }
        return -1;
    }

    private static int headingLine(String text) {
        int offset = 0;
        for (String line : text.split("\n", -1)) {
            if (line.startsWith("# ")) {
                return offset;
            }
            offset += line.length() + 1;
        }
        return -1;
    }
}
