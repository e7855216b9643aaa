package dev.gpuarb.bench.macro;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The pane closes the analytics application logged ("task ... closed the pane ... over N offers of P
 * products in M ms"): its own timing of the work, without the commit intervals around it.
 *
 * @param millis the longest close (tasks close their panes one after the other on one thread: the sum
 *               would count parallel threads twice, the longest is what one pane costs the slowest task)
 */
record PaneCloses(int tasks, long offers, double millis) {

    private static final Pattern CLOSE =
            Pattern.compile("closed the pane \\S+ over (\\d+) offers of \\d+ products in (\\d+) ms");

    static List<String> lines(Path log) throws IOException {
        return Files.exists(log) ? Files.readAllLines(log, StandardCharsets.UTF_8) : List.of();
    }

    /** The closes logged after the first {@code skip} lines. */
    static PaneCloses since(Path log, int skip) throws IOException {
        List<String> all = lines(log);
        int tasks = 0;
        long offers = 0;
        double longest = Double.NaN;
        for (String line : all.subList(Math.min(skip, all.size()), all.size())) {
            Matcher m = CLOSE.matcher(line);
            if (m.find()) {
                tasks++;
                offers += Long.parseLong(m.group(1));
                double ms = Double.parseDouble(m.group(2));
                longest = Double.isNaN(longest) ? ms : Math.max(longest, ms);
            }
        }
        return new PaneCloses(tasks, offers, longest);
    }
}
