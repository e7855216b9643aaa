package dev.gpuarb.sink.clickhouse.state;

import java.util.List;
import java.util.Optional;

/** Durable per-partition state of the exactly-once delivery. */
public interface StateStore {

    Optional<PartitionState> read(String topic, int partition);

    /** Durable when it returns; writing the same state again is harmless. */
    void write(PartitionState state);

    /** Several partitions' states, durable when it returns (as one request where the store can). */
    default void writeAll(List<PartitionState> states) {
        states.forEach(this::write);
    }
}
