package dev.gpuarb.sink.clickhouse.db;

import com.clickhouse.client.api.ServerException;
import java.io.IOException;
import java.util.Set;

/**
 * Tells a passing outage (worth retrying the same batch) from a refusal that will repeat forever.
 * client-v2 wraps both server errors and I/O errors, so the whole cause chain is examined.
 */
public final class ClickHouseFailures {

    /**
     * Server error codes that go away by themselves: timeouts, overload, too many parts, memory
     * limits, table read-only while replicas recover, keeper trouble, shutdown.
     */
    private static final Set<Integer> TRANSIENT_CODES =
            Set.of(3, 159, 164, 202, 203, 209, 210, 241, 242, 252, 285, 319, 425, 999);

    /**
     * Server error codes that mean the data of the insert is refused, not the server unavailable:
     * a value that does not parse or fit its column (6, 25, 26, 27, 38, 41, 53, 69, 70, 72, 117,
     * 128, 130, 131, 190, 321, 349, 376, 407, 441, 467, 691), a CHECK constraint (469) or a
     * {@code throwIf} in a materialized view (395). The same rows are refused again on every retry,
     * so only these make the sink split a batch and dead-letter the refused rows; everything else
     * is retried (transient) or fails the task (permanent).
     */
    private static final Set<Integer> ROW_REFUSAL_CODES = Set.of(
            6, 25, 26, 27, 38, 41, 53, 69, 70, 72, 117, 128, 130, 131, 190, 321, 349, 376, 395, 407, 441, 467, 469,
            691);

    private ClickHouseFailures() {}

    /** True when the server refused the insert because of the rows it carried. */
    public static boolean isRowRefusal(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof ServerException server) {
                return ROW_REFUSAL_CODES.contains(server.getCode());
            }
        }
        return false;
    }

    public static boolean isTransient(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof ServerException server) {
                return TRANSIENT_CODES.contains(server.getCode());
            }
        }
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof IOException) {
                return true;
            }
        }
        return false;
    }
}
