package dev.gpuarb.vocab;

/**
 * What makes a price record's numbers acceptable, for every component that checks them: the
 * connectors when they parse a provider's answer, {@code gpuarb replay}, and the Streams
 * validators (the second line of defence for records written by anything else). Each check returns
 * the violation, or null when the value passes, so callers wrap it in their own result type.
 * One place, so the same fault gets the same {@link RejectReason} and the same bounds everywhere.
 */
public final class PriceRules {

    /** The dearest GPU-hour on sale is far below this (8x B200 is about $10 per GPU-hour). */
    public static final double DEFAULT_MAX_USD_PER_GPU_HOUR = 200.0;
    /** The dearest models list a few hundred dollars per million output tokens. */
    public static final double DEFAULT_MAX_USD_PER_MILLION_TOKENS = 2000.0;
    /** The most GPUs one rentable machine has with room to spare (8 and 16 are common, 64 rare). */
    public static final int DEFAULT_MAX_GPU_COUNT = 64;
    /** No GPU has more memory than this (in GiB); a larger figure is a unit error (MiB, bytes). */
    public static final int MAX_GPU_MEMORY_GB = 1024;

    private PriceRules() {}

    /** Why a value was refused: the code and a sentence naming the field and the value. */
    public record Violation(RejectReason reason, String detail) {}

    /**
     * A price must be a finite number, not negative, and not zero unless {@code zeroAllowed} (free
     * token tiers exist; a free GPU-hour does not, so zero there means "no data").
     */
    public static Violation price(String field, double value, boolean zeroAllowed) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            return new Violation(RejectReason.NAN_PRICE, field + " is " + value);
        }
        if (value < 0) {
            return new Violation(RejectReason.NEGATIVE_PRICE, field + " is negative: " + value);
        }
        if (value == 0 && !zeroAllowed) {
            return new Violation(RejectReason.ZERO_PRICE, field + " is zero");
        }
        return null;
    }

    /** {@link #price} plus a ceiling above which the value is an error (a unit or typing slip), not a price. */
    public static Violation price(String field, double value, boolean zeroAllowed, double ceiling) {
        Violation invalid = price(field, value, zeroAllowed);
        if (invalid != null) {
            return invalid;
        }
        if (value > ceiling) {
            return new Violation(RejectReason.ABSURD_PRICE, field + " " + value + " is above the ceiling " + ceiling);
        }
        return null;
    }

    /** A GPU count is a whole number from 1 to {@code max}. */
    public static Violation gpuCount(String field, double count, int max) {
        // Written so that NaN fails too: every comparison with NaN is false.
        if (!(count >= 1 && count <= max && count == Math.rint(count))) {
            return new Violation(
                    RejectReason.BAD_GPU_COUNT,
                    field + " must be a whole number from 1 to " + max + ", was " + plain(count));
        }
        return null;
    }

    /** GPU memory is 1..{@link #MAX_GPU_MEMORY_GB} GiB. */
    public static Violation gpuMemoryGb(String field, double gib) {
        if (!(gib >= 1 && gib <= MAX_GPU_MEMORY_GB)) {
            return new Violation(
                    RejectReason.INVALID_GPU_MEMORY,
                    field + " must be 1.." + MAX_GPU_MEMORY_GB + " GiB, was " + plain(gib));
        }
        return null;
    }

    /** A host reliability, when a source scores it, is a finite share in [0, 1]. */
    public static Violation reliability(String field, Double value) {
        if (value != null && !(value >= 0 && value <= 1)) {
            return new Violation(RejectReason.INVALID_RELIABILITY, field + " must be in [0, 1], was " + value);
        }
        return null;
    }

    /** A DLPerf score, when a source gives one, is finite and not negative. */
    public static Violation dlperf(String field, Double value) {
        if (value != null && !(value >= 0 && Double.isFinite(value))) {
            return new Violation(RejectReason.INVALID_DLPERF, field + " must be a finite score >= 0, was " + value);
        }
        return null;
    }

    /** A whole number without ".0", so that a message repeats what the source wrote (8, not 8.0). */
    private static String plain(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15
                ? Long.toString((long) value)
                : Double.toString(value);
    }
}
