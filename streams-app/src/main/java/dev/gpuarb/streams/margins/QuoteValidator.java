package dev.gpuarb.streams.margins;

import dev.gpuarb.avro.TaskQuote;
import dev.gpuarb.streams.validate.Validated;
import dev.gpuarb.vocab.RejectReason;
import java.time.Instant;

/**
 * Refuses task quotes whose numbers cannot be priced: a non-finite amount, a negative or absurd
 * amount of work or money, a time outside what the pipeline's stores and ClickHouse can hold.
 * A refused quote goes to prices.rejected with its reason instead of producing a margin (a NaN
 * offer would otherwise become a NaN margin and an ACCEPT or REJECT that means nothing).
 * Tombstones pass: they close a quote.
 */
public final class QuoteValidator {

    /** Price of one completed micro-task, USD. */
    static final double MAX_OFFERED_USD = 1_000_000;
    /** Input or output tokens of one task: a hundred times the longest context windows. */
    static final long MAX_TOKENS = 1_000_000_000L;
    /** GPU-seconds of one task: a year on one GPU. */
    static final double MAX_GPU_SECONDS = 365d * 24 * 3600;
    /** Minimum margin, percent of the offer; a margin cannot exceed 100 %, a loss can be large. */
    static final double MIN_MARGIN_PCT_LOW = -10_000;

    static final double MIN_MARGIN_PCT_HIGH = 100;
    static final Instant MAX_QUOTED_AT = Instant.parse("2299-12-31T23:59:59.999Z");

    private QuoteValidator() {}

    public static Validated<TaskQuote> validate(TaskQuote q) {
        if (q == null) {
            return Validated.ok(null);
        }
        String problem = finite("offeredUsd", q.getOfferedUsd());
        if (problem == null) {
            problem = finite("gpuSeconds", q.getGpuSeconds());
        }
        if (problem == null) {
            problem = finite("minMarginPct", q.getMinMarginPct());
        }
        if (problem != null) {
            return Validated.rejected(RejectReason.NON_FINITE_QUOTE, problem);
        }
        problem = range("offeredUsd", q.getOfferedUsd(), 0, MAX_OFFERED_USD);
        if (problem == null) {
            problem = range("inputTokens", q.getInputTokens(), 0, MAX_TOKENS);
        }
        if (problem == null) {
            problem = range("outputTokens", q.getOutputTokens(), 0, MAX_TOKENS);
        }
        if (problem == null) {
            problem = range("gpuSeconds", q.getGpuSeconds(), 0, MAX_GPU_SECONDS);
        }
        if (problem == null) {
            problem = range("minMarginPct", q.getMinMarginPct(), MIN_MARGIN_PCT_LOW, MIN_MARGIN_PCT_HIGH);
        }
        if (problem != null) {
            return Validated.rejected(RejectReason.QUOTE_OUT_OF_RANGE, problem);
        }
        Instant at = q.getQuotedAt();
        if (at == null || at.toEpochMilli() <= 0 || at.isAfter(MAX_QUOTED_AT)) {
            return Validated.rejected(
                    RejectReason.INVALID_QUOTE_TIME, "quotedAt must be after 1970-01-01 and before 2300, was " + at);
        }
        return Validated.ok(q);
    }

    private static String finite(String field, double value) {
        return Double.isFinite(value) ? null : field + " is " + value;
    }

    private static String range(String field, double value, double min, double max) {
        return value >= min && value <= max ? null : field + " is " + value + ", outside [" + min + ", " + max + "]";
    }
}
