package dev.gpuarb.sink.clickhouse.convert;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.gpuarb.sink.clickhouse.db.TableColumn;
import java.io.ByteArrayOutputStream;
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
 * Turns a record (a Connect Struct from the Avro converter) into one JSONEachRow line for its
 * table. Columns are matched to fields by name through the record's schema, so a new optional
 * Avro field needs no code change (and a new column only a migration). The binding of columns to
 * fields is worked out once per value schema.
 */
public final class RowConverter {

    private static final Set<String> KAFKA_COORDINATES = Set.of("_topic", "_partition", "_offset");
    private static final JsonFactory JSON = new JsonFactory();

    private final String table;
    private final List<TableColumn> columns;
    private final Map<Schema, List<ColumnBinding>> bindingsBySchema = new HashMap<>();

    public RowConverter(String table, List<TableColumn> columns) {
        this.table = table;
        this.columns = List.copyOf(columns);
    }

    public String table() {
        return table;
    }

    /** One JSON object and a newline, or an exception saying why the record has no row. */
    public byte[] convert(SinkRecord record) {
        if (!(record.value() instanceof Struct struct)) {
            throw new RecordConversionException("value is not a structured record (got "
                    + (record.value() == null ? "null" : record.value().getClass().getSimpleName()) + ")");
        }
        List<ColumnBinding> bindings = bindingsBySchema.computeIfAbsent(struct.schema(), this::bind);
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            for (ColumnBinding b : bindings) {
                g.writeFieldName(b.column().name());
                Object value = b.valueOf(record);
                if (b.schema() == null) {
                    JsonValues.writeCoordinate(g, value);
                } else {
                    JsonValues.write(g, b.schema(), value, b.column());
                }
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        out.write('\n');
        return out.toByteArray();
    }

    private List<ColumnBinding> bind(Schema valueSchema) {
        List<ColumnBinding> out = new ArrayList<>();
        List<String> unmatched = new ArrayList<>();
        for (TableColumn c : columns) {
            if (KAFKA_COORDINATES.contains(c.name())) {
                out.add(new ColumnBinding.KafkaCoordinate(c));
                continue;
            }
            List<Field> path = resolve(valueSchema, c.name());
            if (path != null) {
                out.add(new ColumnBinding.FieldPath(c, path));
            } else if (!c.hasDefault() && !c.nullable()) {
                unmatched.add(c.name());
            }
        }
        if (!unmatched.isEmpty()) {
            throw new RecordConversionException("schema " + valueSchema.name() + " has no field for column(s) "
                    + unmatched + " of table " + table);
        }
        return List.copyOf(out);
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
