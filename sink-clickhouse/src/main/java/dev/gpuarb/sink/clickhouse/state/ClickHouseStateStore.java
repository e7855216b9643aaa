package dev.gpuarb.sink.clickhouse.state;

import com.clickhouse.client.api.query.GenericRecord;
import dev.gpuarb.sink.clickhouse.db.ClickHouseGateway;
import dev.gpuarb.sink.clickhouse.db.Identifiers;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Keeps the state in the {@code sink_state} table of the target database, beside the data, so
 * it is exactly as available as the inserts it guards (no second system to lose). Reads take the
 * highest version per key, which is correct before and after ReplacingMergeTree merges.
 */
public final class ClickHouseStateStore implements StateStore {

    private final ClickHouseGateway gateway;
    private final String connector;
    private final String table;

    public ClickHouseStateStore(ClickHouseGateway gateway, String connector) {
        this.gateway = gateway;
        this.connector = connector;
        this.table = Identifiers.qualified(gateway.database(), "sink_state");
    }

    @Override
    public Optional<PartitionState> read(String topic, int partition) {
        List<GenericRecord> rows = gateway.query(
                "SELECT epoch, min_offset, max_offset, phase, anchor FROM " + table
                        + " WHERE connector = {c:String} AND topic = {t:String} AND partition = {p:UInt32}"
                        + " ORDER BY version DESC LIMIT 1",
                Map.of("c", connector, "t", topic, "p", partition));
        if (rows.isEmpty()) {
            return Optional.empty();
        }
        GenericRecord r = rows.get(0);
        return Optional.of(new PartitionState(topic, partition, (int) r.getLong("epoch"), r.getLong("min_offset"),
                r.getLong("max_offset"), Phase.valueOf(r.getString("phase")), r.getString("anchor")));
    }

    @Override
    public void write(PartitionState s) {
        gateway.execute("INSERT INTO " + table
                        + " (connector, topic, partition, epoch, min_offset, max_offset, phase, anchor, version)"
                        + " VALUES ({c:String}, {t:String}, {p:UInt32}, {e:UInt32}, {lo:UInt64}, {hi:UInt64},"
                        + " {ph:String}, {a:String}, {v:UInt64})",
                Map.of("c", connector, "t", s.topic(), "p", s.partition(), "e", s.epoch(), "lo", s.minOffset(),
                        "hi", s.maxOffset(), "ph", s.phase().name(), "a", s.anchor(), "v", s.version()));
    }
}
