package dev.gpuarb.sink.clickhouse.dedup;

/**
 * What a newly assigned partition must do before accepting records.
 *
 * @param epoch  incarnation of the log the state describes
 * @param anchor {@link RecordAnchor} of the record at maxOffset when it was written; empty when unknown
 */
public record Recovery(Kind kind, int epoch, long minOffset, long maxOffset, String anchor) {

    public enum Kind {
        /** Nothing known: accept every record delivered. */
        NONE,
        /** Everything up to maxOffset landed: resume after it (once the log is known to be the same). */
        LANDED,
        /** [minOffset, maxOffset] may or may not have landed: rebuild exactly that batch and re-insert it. */
        REPLAY
    }

    public static Recovery none() {
        return new Recovery(Kind.NONE, 0, -1, -1, "");
    }

    public static Recovery landed(int epoch, long maxOffset, String anchor) {
        return new Recovery(Kind.LANDED, epoch, -1, maxOffset, anchor);
    }

    public static Recovery replay(int epoch, long minOffset, long maxOffset, String anchor) {
        return new Recovery(Kind.REPLAY, epoch, minOffset, maxOffset, anchor);
    }
}
