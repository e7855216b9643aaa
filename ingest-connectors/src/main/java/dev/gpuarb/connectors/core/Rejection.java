package dev.gpuarb.connectors.core;

import dev.gpuarb.avro.RejectedRecord;
import dev.gpuarb.vocab.RejectReason;
import java.time.Instant;

/**
 * One input unit that was refused, with enough context to find and fix it.
 *
 * @param source the connector source id (skypilot-catalog, aws-spot-replay, ...)
 * @param location file and line, URL and page, or JSON path
 */
public record Rejection(String source, RejectReason reason, String detail, String rawExcerpt, String location) {

    /** Excerpts are bounded so that one huge bad payload cannot make a huge record. */
    public static final int MAX_EXCERPT_CHARS = 1024;

    public Rejection {
        rawExcerpt = excerpt(rawExcerpt);
    }

    public static String excerpt(String raw) {
        if (raw == null) {
            return "";
        }
        if (raw.length() <= MAX_EXCERPT_CHARS) {
            return raw;
        }
        int end = MAX_EXCERPT_CHARS;
        // Do not cut a surrogate pair in half: the excerpt must stay valid UTF-16/UTF-8.
        if (Character.isHighSurrogate(raw.charAt(end - 1))) {
            end--;
        }
        return raw.substring(0, end) + "...";
    }

    public RejectedRecord toAvro(Instant rejectedAt) {
        return RejectedRecord.newBuilder()
                .setSource(source)
                .setReason(reason.name())
                .setDetail(detail)
                .setRawExcerpt(rawExcerpt)
                .setLocation(location)
                .setRejectedAt(rejectedAt)
                .build();
    }

    /** Identity of the bad input for change-only emission: the same bad row is reported once. */
    public String key() {
        return source + "|" + reason + "|" + location;
    }
}
