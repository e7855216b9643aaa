package dev.gpuarb.bench.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResultsFileTest {

    private static final String START = "<!-- generated:latest-run:start -->";
    private static final String END = "<!-- generated:latest-run:end -->";

    private static final String ANALYSIS = """
            ## Reading these numbers

            Written by hand; must survive every run.

            ### 2026-11-23, 19:35Z: cost growth

            | a | b |
            |---|---|
            """;

    @TempDir
    Path dir;

    @Test
    void markersPresentOnlyTheBlockIsReplaced() {
        String before = "# Benchmark results\n\nIntro by hand.\n\n";
        String existing = before + START + "\n## Latest run\n\nold tables\n\n" + END + "\n\n" + ANALYSIS;
        String updated = ResultsFile.splice(existing, "## Latest run\n\nnew tables\n");
        assertThat(updated).isEqualTo(before + START + "\n## Latest run\n\nnew tables\n\n" + END + "\n\n" + ANALYSIS);
    }

    @Test
    void markersAbsentTheBlockGoesRightAfterTheTitleAndTheRestStays() {
        String rest = "\nRun 2026-11-23 (tables of an earlier run, kept)\n\n" + ANALYSIS;
        String existing = "# Benchmark results\n" + rest;
        String updated = ResultsFile.splice(existing, "## Latest run\n\nnew tables\n");
        assertThat(updated)
                .isEqualTo("# Benchmark results\n\n" + START + "\n## Latest run\n\nnew tables\n\n" + END + "\n" + rest);
        // The next run finds the markers and replaces only what the first one put there.
        assertThat(ResultsFile.splice(updated, "## Latest run\n\nnewer\n"))
                .isEqualTo("# Benchmark results\n\n" + START + "\n## Latest run\n\nnewer\n\n" + END + "\n" + rest);
    }

    @Test
    void withoutATitleOneIsAddedAboveTheBlock() {
        assertThat(ResultsFile.splice("notes\n", "## Latest run\n"))
                .isEqualTo("# Benchmark results\n\n" + START + "\n## Latest run\n\n" + END + "\n\nnotes\n");
    }

    @Test
    void fileAbsentIsCreatedAndAnExistingOneKeepsItsAnalysis() throws Exception {
        Path file = dir.resolve("RESULTS.md");
        ResultsFile.update(file, "## Latest run\n\nfirst\n");
        assertThat(Files.readString(file))
                .isEqualTo("# Benchmark results\n\n" + START + "\n## Latest run\n\nfirst\n\n" + END + "\n");

        Files.writeString(file, Files.readString(file) + "\n" + ANALYSIS);
        ResultsFile.update(file, "## Latest run\n\nsecond\n");
        assertThat(Files.readString(file))
                .isEqualTo(
                        "# Benchmark results\n\n" + START + "\n## Latest run\n\nsecond\n\n" + END + "\n\n" + ANALYSIS);
    }

    @Test
    void aLoneOrMisplacedMarkerIsRefusedRatherThanGuessed() {
        assertThatThrownBy(() -> ResultsFile.splice("# Benchmark results\n\n" + START + "\nold\n\n" + ANALYSIS, "new"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ResultsFile.splice("# Benchmark results\n\n" + END + "\nold\n" + START + "\n", "new"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
