package dev.gpuarb.sink.clickhouse.dedup;

import dev.gpuarb.sink.clickhouse.state.PartitionState;
import dev.gpuarb.sink.clickhouse.state.Phase;
import dev.gpuarb.sink.clickhouse.state.StateStore;
import java.util.List;
import java.util.Optional;

/**
 * Exactly-once per record: the batch's offset range is made durable (BEFORE) before its insert,
 * the insert carries a token derived from that range, and AFTER is recorded once it landed.
 * After a restart, BEFORE means "rebuild exactly this range and insert it again" (ClickHouse drops
 * it if the first attempt landed), AFTER means "everything up to here is in". See the README for
 * the state machine.
 */
public final class ExactlyOnceDelivery implements DeliveryStrategy {

    private final StateStore store;

    public ExactlyOnceDelivery(StateStore store) {
        this.store = store;
    }

    @Override
    public Recovery recover(String topic, int partition) {
        Optional<PartitionState> state = store.read(topic, partition);
        if (state.isEmpty()) {
            return Recovery.none();
        }
        PartitionState s = state.get();
        return s.phase() == Phase.AFTER
                ? Recovery.landed(s.epoch(), s.maxOffset(), s.anchor())
                : Recovery.replay(s.epoch(), s.minOffset(), s.maxOffset(), s.anchor());
    }

    @Override
    public String deduplicationToken(Batch batch) {
        return DeduplicationToken.of(batch);
    }

    @Override
    public void beforeInsert(List<Batch> batches) {
        // One write for all partitions: each row stands alone, and a repeated row changes nothing.
        store.writeAll(batches.stream().map(b -> state(b, Phase.BEFORE)).toList());
    }

    @Override
    public void afterInsert(List<Batch> batches) {
        store.writeAll(batches.stream().map(b -> state(b, Phase.AFTER)).toList());
    }

    private static PartitionState state(Batch batch, Phase phase) {
        return new PartitionState(
                batch.topic(),
                batch.partition(),
                batch.epoch(),
                batch.minOffset(),
                batch.maxOffset(),
                phase,
                batch.anchor());
    }
}
