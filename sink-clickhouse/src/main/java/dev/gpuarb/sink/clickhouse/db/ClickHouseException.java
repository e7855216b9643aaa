package dev.gpuarb.sink.clickhouse.db;

/** A failed ClickHouse request, marked transient (retry the same work later) or not. */
public class ClickHouseException extends RuntimeException {

    private final boolean transientFailure;

    public ClickHouseException(String message, Throwable cause) {
        super(message + ": " + rootMessage(cause), cause);
        this.transientFailure = ClickHouseFailures.isTransient(cause);
    }

    public ClickHouseException(String message, boolean transientFailure) {
        super(message);
        this.transientFailure = transientFailure;
    }

    public boolean isTransient() {
        return transientFailure;
    }

    private static String rootMessage(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root == t ? String.valueOf(t.getMessage()) : t.getMessage() + " (" + root + ")";
    }
}
