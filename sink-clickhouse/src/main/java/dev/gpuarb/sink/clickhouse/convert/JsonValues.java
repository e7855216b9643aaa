package dev.gpuarb.sink.clickhouse.convert;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.gpuarb.sink.clickhouse.db.TableColumn;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.Collection;
import java.util.Date;
import java.util.Map;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Timestamp;

/**
 * Writes Connect values as the JSON ClickHouse reads into the column types of our tables, and
 * rejects values the column cannot hold (ClickHouse would refuse the whole batch for one of them).
 */
final class JsonValues {

    /** DateTime64(3) covers 1900-01-01 to 2299-12-31. */
    private static final long MIN_DATETIME64_MS = Instant.parse("1900-01-01T00:00:00Z").toEpochMilli();
    private static final long MAX_DATETIME64_MS = Instant.parse("2299-12-31T23:59:59.999Z").toEpochMilli();
    private static final DateTimeFormatter DATETIME64 =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS").withZone(ZoneOffset.UTC);

    private JsonValues() {
    }

    static void writeCoordinate(JsonGenerator g, Object value) throws IOException {
        if (value instanceof Number n) {
            g.writeNumber(n.longValue());
        } else {
            g.writeString(String.valueOf(value));
        }
    }

    /** @param column the target column for top-level values (range checks), null inside nested values */
    static void write(JsonGenerator g, Schema schema, Object value, TableColumn column) throws IOException {
        if (value == null) {
            g.writeNull();
            return;
        }
        if (Timestamp.LOGICAL_NAME.equals(schema.name())) {
            long ms = value instanceof Date d ? d.getTime() : ((Number) value).longValue();
            if (ms < MIN_DATETIME64_MS || ms > MAX_DATETIME64_MS) {
                throw new RecordConversionException(where(column) + "timestamp " + Instant.ofEpochMilli(ms)
                        + " is outside the DateTime64 range 1900..2299");
            }
            g.writeString(DATETIME64.format(Instant.ofEpochMilli(ms)));
            return;
        }
        if (Decimal.LOGICAL_NAME.equals(schema.name())) {
            g.writeNumber((BigDecimal) value);
            return;
        }
        switch (schema.type()) {
            case INT8, INT16, INT32, INT64 -> {
                long v = ((Number) value).longValue();
                if (column != null) {
                    IntegerRanges.check(column, v);
                }
                g.writeNumber(v);
            }
            case FLOAT32, FLOAT64 -> {
                double v = ((Number) value).doubleValue();
                if (!Double.isFinite(v)) {
                    throw new RecordConversionException(where(column) + "value " + v + " is not a finite number");
                }
                g.writeNumber(v);
            }
            case BOOLEAN -> g.writeBoolean((Boolean) value);
            case STRING -> g.writeString(value.toString());
            case BYTES -> g.writeString(Base64.getEncoder().encodeToString(bytes(value)));
            case ARRAY -> {
                g.writeStartArray();
                for (Object item : (Collection<?>) value) {
                    write(g, schema.valueSchema(), item, null);
                }
                g.writeEndArray();
            }
            case MAP -> {
                g.writeStartObject();
                for (Map.Entry<?, ?> e : ((Map<?, ?>) value).entrySet()) {
                    g.writeFieldName(String.valueOf(e.getKey()));
                    write(g, schema.valueSchema(), e.getValue(), null);
                }
                g.writeEndObject();
            }
            case STRUCT -> {
                // A named Tuple column: ClickHouse reads it from an object keyed by element name.
                Struct struct = (Struct) value;
                g.writeStartObject();
                for (Field f : schema.fields()) {
                    g.writeFieldName(ColumnNames.snake(f.name()));
                    write(g, f.schema(), struct.get(f), null);
                }
                g.writeEndObject();
            }
        }
    }

    private static byte[] bytes(Object value) {
        if (value instanceof byte[] b) {
            return b;
        }
        ByteBuffer buf = ((ByteBuffer) value).duplicate();
        byte[] out = new byte[buf.remaining()];
        buf.get(out);
        return out;
    }

    static String where(TableColumn column) {
        return column == null ? "" : "column " + column.name() + ": ";
    }
}
