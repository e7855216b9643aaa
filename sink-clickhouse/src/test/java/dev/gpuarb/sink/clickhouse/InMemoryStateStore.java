package dev.gpuarb.sink.clickhouse;

import dev.gpuarb.sink.clickhouse.db.ClickHouseException;
import dev.gpuarb.sink.clickhouse.state.PartitionState;
import dev.gpuarb.sink.clickhouse.state.Phase;
import dev.gpuarb.sink.clickhouse.state.StateStore;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A state store in memory that keeps every write and can fail the next AFTER write. */
final class InMemoryStateStore implements StateStore {

    final List<PartitionState> writes = new ArrayList<>();
    /** The states of each {@link #writeAll} call: what one request to ClickHouse would hold. */
    final List<List<PartitionState>> requests = new ArrayList<>();

    private final Map<String, PartitionState> latest = new HashMap<>();
    private boolean failNextAfter;

    void failNextAfterWrite() {
        failNextAfter = true;
    }

    @Override
    public Optional<PartitionState> read(String topic, int partition) {
        return Optional.ofNullable(latest.get(topic + "-" + partition));
    }

    @Override
    public void write(PartitionState state) {
        if (failNextAfter && state.phase() == Phase.AFTER) {
            failNextAfter = false;
            throw new ClickHouseException("timeout writing state", true);
        }
        writes.add(state);
        latest.merge(
                state.topic() + "-" + state.partition(),
                state,
                (old, neu) -> neu.version() >= old.version() ? neu : old);
    }

    @Override
    public void writeAll(List<PartitionState> states) {
        requests.add(List.copyOf(states));
        states.forEach(this::write);
    }
}
