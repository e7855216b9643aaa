package dev.gpuarb.vocab;

/**
 * Why an input was refused, wherever it was refused (a connector, {@code gpuarb replay}, the Streams
 * applications): the machine-readable code written verbatim to {@code RejectedRecord.reason}. One
 * list, so the same fault has the same code whichever component finds it.
 */
public enum RejectReason {
    /** A JSON document or element that does not parse (truncated, wrong type). */
    MALFORMED_JSON,
    /** A CSV/TSV row that does not parse or has the wrong number of fields. */
    MALFORMED_ROW,
    /** A required field is absent or empty. */
    MISSING_FIELD,
    /** A record with no value at all (a null Kafka value where a price or policy was expected). */
    NULL_VALUE,
    /** A numeric field that is not a number. */
    BAD_NUMBER,
    /** A timestamp that does not parse. */
    BAD_TIMESTAMP,
    /** A timestamp that parses but lies before 1970 (or outside what the record type allows). */
    INVALID_TIMESTAMP,
    /** A time further ahead of the wall clock than the allowed skew. */
    FUTURE_TIMESTAMP,
    NEGATIVE_PRICE,
    /** A GPU price of exactly zero (no GPU-hour is given away, so zero means "no data"), or both token prices zero. */
    ZERO_PRICE,
    /** A price that is NaN or infinite. */
    NAN_PRICE,
    /** Outside the configured bounds (per GPU-hour or per million tokens): a unit or typing error. */
    ABSURD_PRICE,
    UNKNOWN_CURRENCY,
    UNKNOWN_GPU,
    UNKNOWN_REGION,
    /** A GPU count that is missing, zero, fractional, negative or above the maximum. */
    BAD_GPU_COUNT,
    /** GPU memory outside 1..1024 GiB. */
    INVALID_GPU_MEMORY,
    /** A host reliability score that is not a finite share in [0, 1]. */
    INVALID_RELIABILITY,
    /** A DLPerf score that is negative or not finite. */
    INVALID_DLPERF,
    /** A response or file larger than the configured cap; the excerpt holds its beginning. */
    RESPONSE_TOO_LARGE,
    /** A redirect or paging link to another origin than the configured URL's (and not allowed): not followed. */
    REFUSED_LINK,
    /** An id that cannot name a request (an OpenRouter model id that is not author/slug). */
    BAD_ID,
    /**
     * A provider, region, zone, instance type or model name that contains '|', the separator of offer
     * ids and keys: it could make two different offers one.
     */
    SEPARATOR_IN_NAME,
    /**
     * An accelerator priced apart from its host VM (GCP's catalog layout) with no host VM row to pair it
     * with: the accelerator alone is not a machine one can rent, so pricing it would undercut real offers.
     */
    NO_HOST_VM,
    /** One item's own request (a model's endpoints) failed after the retries; the other items were read. */
    FETCH_FAILED,
    /** A route policy that breaks a rule of {@code dev.gpuarb.policy.PolicyRules}. */
    INVALID_POLICY,
    /** A task quote with a NaN or infinite number. */
    NON_FINITE_QUOTE,
    /** A task quote with a number outside its range. */
    QUOTE_OUT_OF_RANGE,
    /** A task quote dated before 1970 or after 2299. */
    INVALID_QUOTE_TIME,
    /** A record Kafka refused to write (too large, timestamp outside the topic's limits). */
    OUTPUT_REFUSED
}
