package dev.gpuarb.sink.clickhouse.dedup;

/** What a newly assigned partition must do before accepting records. */
public record Recovery(Kind kind, long minOffset, long maxOffset) {

    public enum Kind {
        /** Nothing known: accept every record delivered. */
        NONE,
        /** Everything up to maxOffset landed: drop those offsets when Connect re-delivers them. */
        LANDED,
        /** [minOffset, maxOffset] may or may not have landed: rebuild exactly that batch and re-insert it. */
        REPLAY
    }

    public static Recovery none() {
        return new Recovery(Kind.NONE, -1, -1);
    }

    public static Recovery landed(long maxOffset) {
        return new Recovery(Kind.LANDED, -1, maxOffset);
    }

    public static Recovery replay(long minOffset, long maxOffset) {
        return new Recovery(Kind.REPLAY, minOffset, maxOffset);
    }
}
