package dev.gpuarb.connectors.core;

/** Why an input unit was not turned into a price record. Written verbatim to {@code RejectedRecord.reason}. */
public enum RejectReason {
    /** A JSON document or element that does not parse (truncated, wrong type). */
    MALFORMED_JSON,
    /** A CSV/TSV row that does not parse or has the wrong number of fields. */
    MALFORMED_ROW,
    /** A required field is absent or empty. */
    MISSING_FIELD,
    /** A numeric field that is not a number. */
    BAD_NUMBER,
    /** A timestamp that does not parse. */
    BAD_TIMESTAMP,
    /** A time further ahead of the wall clock than {@code price.max.future.skew.ms}. */
    FUTURE_TIMESTAMP,
    NEGATIVE_PRICE,
    /** A GPU price of exactly zero: no GPU-hour is given away, so zero means "no data". */
    ZERO_PRICE,
    NAN_PRICE,
    /** Above the configured ceiling (per GPU-hour or per million tokens): a unit or typing error. */
    ABSURD_PRICE,
    UNKNOWN_CURRENCY,
    UNKNOWN_GPU,
    UNKNOWN_REGION,
    /** A GPU count that is missing, zero, fractional or negative. */
    BAD_GPU_COUNT,
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
    FETCH_FAILED
}
