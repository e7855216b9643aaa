package dev.gpuarb.connectors.awsspot;

import dev.gpuarb.connectors.core.Rejection;
import dev.gpuarb.vocab.RejectReason;
import java.util.List;

/**
 * Reads the tab-separated layout of spot price history dumps: {@code zone, instance type, product
 * description, price, timestamp} per line, no header. The AWS CLI's {@code --output text} form,
 * which starts each line with {@code SPOTPRICEHISTORY}, is read too.
 */
public final class SpotPriceTsvReader {

    private static final String CLI_TEXT_PREFIX = "SPOTPRICEHISTORY";

    /** What one line gave: an event, a rejection, or nothing (blank line). */
    public sealed interface Line permits EventLine, BadLine, BlankLine {}

    public record EventLine(SpotPriceEvent event) implements Line {}

    public record BadLine(Rejection rejection) implements Line {}

    public record BlankLine() implements Line {}

    private SpotPriceTsvReader() {}

    public static Line read(String line, String location, String source) {
        if (line.isBlank()) {
            return new BlankLine();
        }
        String[] fields = line.split("\t", -1);
        if (fields.length == 6 && fields[0].equals(CLI_TEXT_PREFIX)) {
            fields = List.of(fields).subList(1, 6).toArray(String[]::new);
        }
        if (fields.length != 5) {
            return new BadLine(new Rejection(
                    source,
                    RejectReason.MALFORMED_ROW,
                    "expected 5 tab-separated fields, found " + fields.length,
                    line,
                    location));
        }
        return new EventLine(new SpotPriceEvent(
                fields[0].trim(),
                fields[1].trim(),
                fields[2].trim(),
                fields[3].trim(),
                fields[4].trim(),
                line,
                location));
    }
}
