package dev.gpuarb.connectors.core;

import java.util.List;

/**
 * A source that reads the current prices as a whole on every poll (a catalog file, a retail price
 * list) and sends only what changed, through a {@link KeyedChangeFilter}: changed prices, unchanged
 * ones again when their heartbeat is due, and a withdrawal for each offer a complete snapshot no
 * longer lists. A snapshot that fails (throws) changes nothing.
 */
public abstract class SnapshotSource implements PriceSource {

    private final KeyedChangeFilter changes;
    private final TaskMetrics metrics;

    private final String sourceId;

    protected SnapshotSource(String sourceId, SourceContext context) {
        this.sourceId = sourceId;
        this.changes = new KeyedChangeFilter(sourceId, context.common().heartbeat(), context.clock());
        this.metrics = context.metrics();
    }

    /** Reads the whole snapshot now. Unreadable input becomes rejections in the result. */
    protected abstract ParseResult readSnapshot() throws Exception;

    @Override
    public final String sourceId() {
        return sourceId;
    }

    @Override
    public List<Emission> poll(OffsetLookup offsets) throws Exception {
        ParseResult parsed = readSnapshot();
        metrics.parsed(parsed);
        long unchangedBefore = changes.unchangedCount();
        long reconfirmedBefore = changes.reconfirmedCount();
        List<Emission> emissions = changes.filter(parsed, offsets);
        metrics.unchanged(changes.unchangedCount() - unchangedBefore);
        metrics.reconfirmed(changes.reconfirmedCount() - reconfirmedBefore);
        return emissions;
    }
}
