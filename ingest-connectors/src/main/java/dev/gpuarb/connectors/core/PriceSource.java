package dev.gpuarb.connectors.core;

import java.io.Closeable;
import java.util.List;

/**
 * One price source behind a task: fetch, parse, map, and decide what to send. Implementations
 * are plain objects, testable without Connect; {@link PollingSourceTask} runs them.
 */
public interface PriceSource extends Closeable {

    /** The source id written to records ({@code source} field) and used in offsets. */
    String sourceId();

    /**
     * One poll step. Returns what to send now (possibly nothing). Throws on transient failures
     * (network, 5xx after retries); the task then backs off and calls again. A poll that throws
     * leaves the source where it was (cursors, positions, what counts as already sent), so the next
     * poll returns what the failed one would have.
     */
    List<Emission> poll(OffsetLookup offsets) throws Exception;

    /**
     * Whether the source has more to send right away (a replay mid-file, a scan mid-page); when
     * false the task waits for the poll interval.
     */
    default boolean hasMoreNow() {
        return false;
    }

    /**
     * Whether the prices sent expire {@code price.ttl.ms} after they are sent (validUntil set). A live
     * source's prices do; a replay of history answers false unless asked ({@code replay.expire}), so
     * that replayed prices keep validUntil null and their meaning as history.
     */
    default boolean pricesExpire() {
        return true;
    }

    @Override
    default void close() {}
}
