package dev.gpuarb.connectors.core;

import dev.gpuarb.vocab.PriceRules;
import dev.gpuarb.vocab.RejectReason;

/**
 * Field checks shared by every parser, so that "what is a valid price" has one answer.
 */
public final class Prices {

    private Prices() {}

    /** A required number from text: empty -> MISSING_FIELD, unparsable -> BAD_NUMBER. */
    public static Checked<Double> number(String text, String field) {
        if (text == null || text.isBlank()) {
            return Checked.failed(RejectReason.MISSING_FIELD, field + " is empty");
        }
        try {
            return Checked.ok(Double.parseDouble(text.trim()));
        } catch (NumberFormatException e) {
            return Checked.failed(RejectReason.BAD_NUMBER, field + " is not a number: '" + text.trim() + "'");
        }
    }

    /** A price check by the shared rules ({@link PriceRules#price(String, double, boolean, double)}). */
    public static Checked<Double> price(double value, String field, double ceiling, boolean zeroAllowed) {
        return Checked.of(PriceRules.price(field, value, zeroAllowed, ceiling), value);
    }

    /** Text to a checked price in one step. */
    public static Checked<Double> price(String text, String field, double ceiling, boolean zeroAllowed) {
        Checked<Double> parsed = number(text, field);
        if (!parsed.isOk()) {
            return parsed;
        }
        return price(parsed.value(), field, ceiling, zeroAllowed);
    }
}
