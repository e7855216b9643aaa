package dev.gpuarb.connectors.core;

import dev.gpuarb.vocab.RejectReason;
import java.util.StringJoiner;

/**
 * Offer ids are names joined by {@value #SEPARATOR}. A name that contains the separator could make two
 * different offers one id ("a|b" + "c" and "a" + "b|c"), so such a name is refused where it enters.
 * No real catalog or API name seen so far contains it.
 */
public final class OfferIds {

    public static final String SEPARATOR = "|";

    /** A named part of an id; a null value is an empty part. */
    public record Part(String name, String value) {}

    private OfferIds() {}

    public static Part part(String name, String value) {
        return new Part(name, value);
    }

    /** The parts joined, or SEPARATOR_IN_NAME naming the first part that contains the separator. */
    public static Checked<String> join(Part... parts) {
        StringJoiner id = new StringJoiner(SEPARATOR);
        for (Part p : parts) {
            String value = p.value() == null ? "" : p.value();
            if (value.contains(SEPARATOR)) {
                return Checked.failed(
                        RejectReason.SEPARATOR_IN_NAME,
                        p.name() + " '" + value + "' contains '" + SEPARATOR
                                + "', which separates the parts of offer ids: two offers could share one id");
            }
            id.add(value);
        }
        return Checked.ok(id.toString());
    }
}
