package dev.gpuarb.cli.replay;

import java.io.PrintStream;
import java.util.Locale;

/**
 * Progress of a replay on stderr. On a terminal one bar line is redrawn in place (at most ten
 * times a second) with the finished files printed above it; otherwise, for logs and pipes, only
 * the per-file lines are printed. Hand-written: a bar is a few lines, not worth a terminal library.
 */
final class ReplayProgress {

    private static final int WIDTH = 30;
    private static final long REDRAW_NANOS = 100_000_000L;

    private final PrintStream out;
    private final boolean interactive;
    private final long totalBytes;
    private final int totalFiles;
    private long doneBytes;
    private int doneFiles;
    private long records;
    private long lastDraw;
    private boolean barShown;

    ReplayProgress(PrintStream out, boolean interactive, long totalBytes, int totalFiles) {
        this.out = out;
        this.interactive = interactive;
        this.totalBytes = Math.max(1, totalBytes);
        this.totalFiles = totalFiles;
    }

    /** More records of the current file sent; {@code fileFraction} is how far into it (estimated). */
    void advance(long newRecords, long currentFileBytes, double fileFraction, String currentFile) {
        records += newRecords;
        long now = System.nanoTime();
        if (interactive && now - lastDraw >= REDRAW_NANOS) {
            lastDraw = now;
            draw(doneBytes + (long) (currentFileBytes * Math.min(1.0, fileFraction)), currentFile);
        }
    }

    /** A file finished (read to its end, or failed): one line that stays. */
    void fileDone(long fileBytes, String line) {
        doneBytes += fileBytes;
        doneFiles++;
        clearBar();
        out.printf(Locale.ROOT, "[%d/%d] %s%n", doneFiles, totalFiles, line);
        if (interactive && doneFiles < totalFiles) {
            draw(doneBytes, "");
        }
        out.flush();
    }

    void finish() {
        clearBar();
        out.flush();
    }

    private void draw(long bytes, String currentFile) {
        double fraction = Math.min(1.0, (double) bytes / totalBytes);
        int filled = (int) Math.round(fraction * WIDTH);
        out.printf(
                Locale.ROOT,
                "\r[%s%s] %3d%%  %d/%d files  %,d records  %s\u001b[K",
                "#".repeat(filled),
                ".".repeat(WIDTH - filled),
                Math.round(fraction * 100),
                doneFiles,
                totalFiles,
                records,
                currentFile);
        out.flush();
        barShown = true;
    }

    private void clearBar() {
        if (barShown) {
            out.print("\r\u001b[K");
            barShown = false;
        }
    }
}
