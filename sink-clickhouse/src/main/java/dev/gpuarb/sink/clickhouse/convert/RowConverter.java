package dev.gpuarb.sink.clickhouse.convert;

import com.clickhouse.data.ClickHouseColumn;
import dev.gpuarb.sink.clickhouse.db.TableColumn;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.sink.SinkRecord;

/**
 * Turns a record (a Connect Struct from the Avro converter) into one RowBinaryWithDefaults row for
 * its table: every column of {@link #columnNames()}, in that order, each a value or the marker
 * that makes the server fill in the column's default. Columns are matched to fields by name
 * through the record's schema, so a new optional Avro field needs no code change (and a new
 * column only a migration). The binding of columns to fields is worked out once per value schema.
 * A row is self-contained, so any run of rows is a valid insert body.
 */
public final class RowConverter {

    private static final Set<String> KAFKA_COORDINATES = Set.of("_topic", "_partition", "_offset");

    private final String table;
    /** The columns an INSERT can name (not MATERIALIZED or ALIAS), in table order. */
    private final List<TableColumn> columns;

    private final List<String> columnNames;
    private final ClickHouseColumn[] types;
    /** Per value schema: where each column's value comes from and how it is written. */
    private final Map<Schema, Layout> layouts = new HashMap<>();

    private final RowBuffer buffer = new RowBuffer();

    /** Bindings, null where the server fills in the default; writers of the bound columns. */
    private record Layout(ColumnBinding[] bindings, ColumnWriter[] writers) {}

    public RowConverter(String table, List<TableColumn> columns) {
        this.table = table;
        this.columns = columns.stream().filter(TableColumn::insertable).toList();
        this.columnNames = this.columns.stream().map(TableColumn::name).toList();
        this.types = new ClickHouseColumn[this.columns.size()];
        for (int i = 0; i < types.length; i++) {
            TableColumn c = this.columns.get(i);
            try {
                types[i] = ClickHouseColumn.of(c.name(), c.type());
            } catch (RuntimeException e) {
                throw new IllegalStateException(
                        "table " + table + ", column " + c.name() + ": cannot read type " + c.type() + ": "
                                + e.getMessage(),
                        e);
            }
        }
    }

    public String table() {
        return table;
    }

    /** The table's columns an INSERT can name, in table order. */
    public List<TableColumn> columns() {
        return columns;
    }

    /** The columns every row holds, in order: the column list of the INSERT. */
    public List<String> columnNames() {
        return columnNames;
    }

    /** One row, or an exception saying why the record has no row. Not thread-safe (one buffer is reused). */
    public byte[] convert(SinkRecord record) {
        if (!(record.value() instanceof Struct struct)) {
            throw new RecordConversionException("value is not a structured record (got "
                    + (record.value() == null
                            ? "null"
                            : record.value().getClass().getSimpleName()) + ")");
        }
        Layout layout = layouts.computeIfAbsent(struct.schema(), this::layout);
        ColumnBinding[] bindings = layout.bindings();
        RowBuffer out = buffer;
        out.reset();
        try {
            for (int i = 0; i < bindings.length; i++) {
                ColumnBinding b = bindings[i];
                if (b == null) {
                    RowBinaryValues.writeDefault(out);
                } else {
                    layout.writers()[i].write(out, b.valueOf(record));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private Layout layout(Schema valueSchema) {
        ColumnBinding[] bindings = bind(valueSchema);
        ColumnWriter[] writers = new ColumnWriter[bindings.length];
        for (int i = 0; i < bindings.length; i++) {
            if (bindings[i] != null) {
                writers[i] = ColumnWriter.of(bindings[i].column().name(), types[i], bindings[i].schema());
            }
        }
        return new Layout(bindings, writers);
    }

    private ColumnBinding[] bind(Schema valueSchema) {
        ColumnBinding[] out = new ColumnBinding[columns.size()];
        List<String> unmatched = new ArrayList<>();
        for (int i = 0; i < out.length; i++) {
            TableColumn c = columns.get(i);
            if (KAFKA_COORDINATES.contains(c.name())) {
                out[i] = new ColumnBinding.KafkaCoordinate(c);
                continue;
            }
            List<Field> path = resolve(valueSchema, c.name());
            if (path != null) {
                out[i] = new ColumnBinding.FieldPath(c, path);
            } else if (!c.hasDefault() && !c.nullable()) {
                unmatched.add(c.name());
            }
        }
        if (!unmatched.isEmpty()) {
            throw new RecordConversionException(
                    "schema " + valueSchema.name() + " has no field for column(s) " + unmatched + " of table " + table);
        }
        return out;
    }

    /** The field path whose snake_case names, joined by '_', spell the column; null when none does. */
    static List<Field> resolve(Schema struct, String column) {
        for (Field f : struct.fields()) {
            String name = ColumnNames.snake(f.name());
            if (name.equals(column)) {
                return List.of(f);
            }
            if (column.startsWith(name + "_") && f.schema().type() == Schema.Type.STRUCT) {
                List<Field> rest = resolve(f.schema(), column.substring(name.length() + 1));
                if (rest != null) {
                    List<Field> path = new ArrayList<>(rest.size() + 1);
                    path.add(f);
                    path.addAll(rest);
                    return path;
                }
            }
        }
        return null;
    }
}
