package dev.gpuarb.streams.validate;

/** Why an input was refused: a machine-readable code (see RejectedRecord.reason) and a sentence. */
public record Rejection(String reason, String detail) {

    public static final String MISSING_FIELD = "MISSING_FIELD";
    public static final String NULL_VALUE = "NULL_VALUE";
    public static final String NAN_PRICE = "NAN_PRICE";
    public static final String NEGATIVE_PRICE = "NEGATIVE_PRICE";
    public static final String ZERO_PRICE = "ZERO_PRICE";
    public static final String ABSURD_PRICE = "ABSURD_PRICE";
    public static final String UNKNOWN_CURRENCY = "UNKNOWN_CURRENCY";
    public static final String INVALID_GPU_COUNT = "INVALID_GPU_COUNT";
    public static final String INVALID_GPU_MEMORY = "INVALID_GPU_MEMORY";
    public static final String INVALID_TIMESTAMP = "INVALID_TIMESTAMP";
    /** An event time further ahead of the wall clock than the allowed skew (see EventTimes). */
    public static final String FUTURE_TIMESTAMP = "FUTURE_TIMESTAMP";
    /** A provider, region, zone, instance type or model name with '|', the separator of keys (see Keys). */
    public static final String SEPARATOR_IN_NAME = "SEPARATOR_IN_NAME";
    /** A host reliability score that is not a finite share in [0, 1]. */
    public static final String INVALID_RELIABILITY = "INVALID_RELIABILITY";
    /** A DLPerf score that is negative or not finite. */
    public static final String INVALID_DLPERF = "INVALID_DLPERF";
    /** A route policy that breaks a rule of {@code dev.gpuarb.policy.PolicyRules}. */
    public static final String INVALID_POLICY = "INVALID_POLICY";
    /** A record Kafka refused to write (see ProductionFailures). */
    public static final String OUTPUT_REFUSED = "OUTPUT_REFUSED";
}
