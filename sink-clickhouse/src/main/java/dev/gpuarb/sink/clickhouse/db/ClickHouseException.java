package dev.gpuarb.sink.clickhouse.db;

/** A failed ClickHouse request, marked transient (retry the same work later) or not. */
public class ClickHouseException extends RuntimeException {

    private final boolean transientFailure;
    private final boolean rowRefusal;

    public ClickHouseException(String message, Throwable cause) {
        super(message + ": " + rootMessage(cause), cause);
        this.transientFailure = ClickHouseFailures.isTransient(cause);
        this.rowRefusal = !transientFailure && ClickHouseFailures.isRowRefusal(cause);
    }

    public ClickHouseException(String message, boolean transientFailure) {
        this(message, transientFailure, false);
    }

    /** @param rowRefusal the data of an insert was refused (see {@link #isRowRefusal()}) */
    public ClickHouseException(String message, boolean transientFailure, boolean rowRefusal) {
        super(message);
        this.transientFailure = transientFailure;
        this.rowRefusal = rowRefusal;
    }

    public boolean isTransient() {
        return transientFailure;
    }

    /**
     * The server refused the rows of an insert (a value it cannot parse or store, a violated
     * constraint), so the same rows would be refused again: the sink isolates them instead of retrying.
     */
    public boolean isRowRefusal() {
        return rowRefusal;
    }

    private static String rootMessage(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root == t ? String.valueOf(t.getMessage()) : t.getMessage() + " (" + root + ")";
    }
}
