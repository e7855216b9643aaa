package dev.gpuarb.sink.clickhouse.state;

import com.clickhouse.client.api.query.GenericRecord;
import dev.gpuarb.sink.clickhouse.db.ClickHouseGateway;
import dev.gpuarb.sink.clickhouse.db.Identifiers;
import java.util.HashMap;
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
        return Optional.of(new PartitionState(
                topic,
                partition,
                (int) r.getLong("epoch"),
                r.getLong("min_offset"),
                r.getLong("max_offset"),
                Phase.valueOf(r.getString("phase")),
                r.getString("anchor")));
    }

    @Override
    public void write(PartitionState s) {
        writeAll(List.of(s));
    }

    /** One INSERT for all the states: a round trip and a part per flush instead of per partition. */
    @Override
    public void writeAll(List<PartitionState> states) {
        if (states.isEmpty()) {
            return;
        }
        StringBuilder sql = new StringBuilder("INSERT INTO ")
                .append(table)
                .append(
                        " (connector, topic, partition, epoch, min_offset, max_offset, phase, anchor, version) VALUES ");
        Map<String, Object> params = new HashMap<>();
        params.put("c", connector);
        for (int i = 0; i < states.size(); i++) {
            PartitionState s = states.get(i);
            sql.append(i == 0 ? "" : ", ")
                    .append("({c:String}, {t")
                    .append(i)
                    .append(":String}, {p")
                    .append(i)
                    .append(":UInt32}, {e")
                    .append(i)
                    .append(":UInt32}, {lo")
                    .append(i)
                    .append(":UInt64}, {hi")
                    .append(i)
                    .append(":UInt64}, {ph")
                    .append(i)
                    .append(":String}, {a")
                    .append(i)
                    .append(":String}, {v")
                    .append(i)
                    .append(":UInt64})");
            params.put("t" + i, s.topic());
            params.put("p" + i, s.partition());
            params.put("e" + i, s.epoch());
            params.put("lo" + i, s.minOffset());
            params.put("hi" + i, s.maxOffset());
            params.put("ph" + i, s.phase().name());
            params.put("a" + i, s.anchor());
            params.put("v" + i, s.version());
        }
        gateway.execute(sql.toString(), params);
    }
}
