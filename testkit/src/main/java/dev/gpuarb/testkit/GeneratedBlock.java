package dev.gpuarb.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A part of a document that code generates, between the lines {@code <!-- NAME:start -->} and
 * {@code <!-- NAME:end -->}. A test asserts that the document holds what the code generates now; run with
 * {@code -Dgpuarb.docs.write=true}, it first writes that into the document.
 *
 * @param document the Markdown file
 * @param name what the markers call the block, e.g. {@code config-table}
 */
public record GeneratedBlock(Path document, String name) {

    /** The system property that makes {@link #assertHolds} rewrite the block. */
    public static final String WRITE = "gpuarb.docs.write";

    public void assertHolds(String generated) throws IOException {
        String start = "<!-- " + name + ":start -->\n";
        String end = "<!-- " + name + ":end -->";
        String text = Files.readString(document, StandardCharsets.UTF_8);
        int from = text.indexOf(start);
        int to = text.indexOf(end, Math.max(from, 0));
        assertTrue(
                from >= 0 && to > from, document + " marks where " + name + " goes: " + start.trim() + " ... " + end);
        from += start.length();
        if (Boolean.getBoolean(WRITE)) {
            text = text.substring(0, from) + generated + text.substring(to);
            Files.writeString(document, text, StandardCharsets.UTF_8);
            to = from + generated.length();
        }
        assertEquals(
                generated,
                text.substring(from, to),
                document + ": " + name + " is generated from the code; regenerate it with -D" + WRITE + "=true");
    }
}
