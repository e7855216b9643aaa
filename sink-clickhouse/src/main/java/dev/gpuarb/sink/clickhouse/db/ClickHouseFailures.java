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
    private static final Set<Integer> TRANSIENT_CODES = Set.of(
            3, 159, 164, 202, 203, 209, 210, 241, 242, 252, 285, 319, 425, 999);

    private ClickHouseFailures() {
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
