package dev.gpuarb.sink.clickhouse;

import dev.gpuarb.sink.clickhouse.db.ClickHouseException;
import dev.gpuarb.sink.clickhouse.db.RowInserter;
import dev.gpuarb.sink.clickhouse.db.TableColumn;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Stands in for ClickHouse in unit tests: keeps the offsets of inserted rows, drops an insert whose
 * deduplication token it has seen (as MergeTree with a deduplication window does), and fails on
 * request either before the rows land or after they land (the answer is lost).
 */
final class FakeClickHouse implements RowInserter {

    enum Failure {
        NONE,
        BEFORE_LANDING,
        AFTER_LANDING
    }

    final List<Long> offsets = new ArrayList<>();
    final Set<String> tokens = new HashSet<>();
    int inserts;
    int deduplicated;
    private Failure next = Failure.NONE;
    private boolean down;
    private final Map<String, String> types = new HashMap<>();

    /** @param columns the layout of the table it stands in for (plain scalar types only) */
    FakeClickHouse(List<TableColumn> columns) {
        for (TableColumn c : columns) {
            types.put(c.name(), c.type());
        }
    }

    /** While down every insert fails before anything lands. */
    void setDown(boolean down) {
        this.down = down;
    }

    void failNextInsert(Failure failure) {
        next = failure;
    }

    @Override
    public void insertRows(String table, List<String> columns, List<byte[]> rows, String token) {
        Failure failure = next;
        next = Failure.NONE;
        if (down || failure == Failure.BEFORE_LANDING) {
            throw new ClickHouseException("connection refused", true);
        }
        inserts++;
        if (token != null && !tokens.add(token)) {
            deduplicated++;
        } else {
            offsets.addAll(readOffsets(columns, rows));
        }
        if (failure == Failure.AFTER_LANDING) {
            throw new ClickHouseException("connection reset while reading the answer", true);
        }
    }

    /** Reads {@code _offset} of each RowBinaryWithDefaults row, written as the format specifies. */
    private List<Long> readOffsets(List<String> columns, List<byte[]> rows) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        rows.forEach(body::writeBytes);
        ByteBuffer in = ByteBuffer.wrap(body.toByteArray()).order(ByteOrder.LITTLE_ENDIAN);
        List<Long> out = new ArrayList<>();
        while (in.hasRemaining()) {
            for (String column : columns) {
                if (in.get() == 1) {
                    continue; // the column's default
                }
                String type = types.get(column);
                switch (type) {
                    case "String", "LowCardinality(String)" -> {
                        int length = readVarInt(in);
                        in.position(in.position() + length);
                    }
                    case "UInt32" -> in.getInt();
                    case "Float64", "DateTime64(3, 'UTC')" -> in.getLong();
                    case "UInt64" -> {
                        long v = in.getLong();
                        if (column.equals("_offset")) {
                            out.add(v);
                        }
                    }
                    default -> throw new IllegalArgumentException("the fake cannot read " + type);
                }
            }
        }
        return out;
    }

    private static int readVarInt(ByteBuffer in) {
        int value = 0;
        for (int shift = 0; ; shift += 7) {
            byte b = in.get();
            value |= (b & 0x7f) << shift;
            if ((b & 0x80) == 0) {
                return value;
            }
        }
    }
}
