package dev.gpuarb.connectors.awsspot;

import dev.gpuarb.connectors.core.Rejection;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A spot price history dump cut into positioned units (TSV lines or JSON array elements), so a
 * replay can resume at a unit index. A unit is an event, a rejection, or nothing (blank line).
 */
final class SpotHistoryUnits {

    record Unit(SpotPriceEvent event, Rejection rejection) {}

    private SpotHistoryUnits() {}

    static List<Unit> cut(String text, String location, String source) {
        return cut(text, location, source, true);
    }

    /**
     * @param includeUnterminatedTail whether a last TSV line without a newline counts; a file that is
     *                                still being appended to may end in a half-written line, which
     *                                must wait for the writer rather than be rejected as malformed
     */
    static List<Unit> cut(String text, String location, String source, boolean includeUnterminatedTail) {
        List<Unit> units = new ArrayList<>();
        if (looksLikeJson(location, text)) {
            SpotPriceJsonReader.Document doc = SpotPriceJsonReader.read(text, location, source);
            doc.rejections().forEach(r -> units.add(new Unit(null, r)));
            doc.events().forEach(e -> units.add(new Unit(e, null)));
            return units;
        }
        int lineNumber = 0;
        String[] lines = text.split("\r?\n", -1);
        boolean unterminated = !text.isEmpty() && !text.endsWith("\n");
        for (String line : lines) {
            lineNumber++;
            if (unterminated && !includeUnterminatedTail && lineNumber == lines.length) {
                break;
            }
            if (line.isEmpty() && lineNumber > 1 && text.endsWith("\n")) {
                // the empty string after the final newline is not a line
                continue;
            }
            SpotPriceTsvReader.Line read = SpotPriceTsvReader.read(line, location + ":" + lineNumber, source);
            if (read instanceof SpotPriceTsvReader.EventLine e) {
                units.add(new Unit(e.event(), null));
            } else if (read instanceof SpotPriceTsvReader.BadLine b) {
                units.add(new Unit(null, b.rejection()));
            } else {
                units.add(new Unit(null, null));
            }
        }
        return units;
    }

    private static boolean looksLikeJson(String location, String text) {
        if (location.toLowerCase(Locale.ROOT).endsWith(".json")) {
            return true;
        }
        String start = text.stripLeading();
        return start.startsWith("{") || start.startsWith("[");
    }
}
