package dev.gpuarb.sink.clickhouse.convert;

import com.clickhouse.client.api.data_formats.internal.SerializerUtils;
import com.clickhouse.data.ClickHouseColumn;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Timestamp;

/**
 * Writes Connect values in ClickHouse's RowBinaryWithDefaults encoding, by the column's type, and
 * rejects values the column cannot hold (ClickHouse would refuse the whole batch for one of them).
 *
 * <p>The bytes of a value are written by client-v2 ({@link SerializerUtils#serializeData}); this
 * class turns Connect values into the Java shapes it expects (Instant for times, a List in element
 * order for a Tuple, String for an Enum) and checks them first. Written here by hand: the
 * per-column default marker of RowBinaryWithDefaults and the top-level Nullable marker, which the
 * library leaves to its callers (it writes the marker itself only inside arrays, tuples and maps).
 */
final class RowBinaryValues {

    /** DateTime64(3) covers 1900-01-01 to 2299-12-31. */
    private static final long MIN_DATETIME64_MS =
            Instant.parse("1900-01-01T00:00:00Z").toEpochMilli();

    private static final long MAX_DATETIME64_MS =
            Instant.parse("2299-12-31T23:59:59.999Z").toEpochMilli();
    private static final DateTimeFormatter DATETIME64 =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS").withZone(ZoneOffset.UTC);

    static final int USE_DEFAULT = 1;
    static final int VALUE_FOLLOWS = 0;
    static final int NULL = 1;
    static final int NOT_NULL = 0;

    private RowBinaryValues() {}

    /** A column the record has no field for: the server fills in its DEFAULT (NULL for a plain Nullable). */
    static void writeDefault(OutputStream out) throws IOException {
        out.write(USE_DEFAULT);
    }

    /**
     * One column of a row.
     *
     * @param schema the Connect schema of the value, or null for a Kafka coordinate (String or Long)
     */
    static void write(OutputStream out, String columnName, ClickHouseColumn type, Schema schema, Object value)
            throws IOException {
        if (value == null) {
            if (type.isNullable()) {
                out.write(VALUE_FOLLOWS);
                out.write(NULL);
            } else {
                // As JSONEachRow's null for a non-Nullable column did (input_format_null_as_default).
                out.write(USE_DEFAULT);
            }
            return;
        }
        Object shaped = shape(columnName, type, schema, value);
        out.write(VALUE_FOLLOWS);
        if (type.isNullable()) {
            out.write(NOT_NULL);
        }
        try {
            SerializerUtils.serializeData(out, shaped, type);
        } catch (IllegalArgumentException | ArithmeticException | UnsupportedOperationException e) {
            // Values are checked above; what the library still refuses (a Decimal that would lose
            // digits, a Date out of its range) is the record's fault, not the task's.
            throw new RecordConversionException("column " + columnName + ": " + e.getMessage());
        }
    }

    /** The Java value the library writes for {@code type}; null only where the type is Nullable. */
    private static Object shape(String column, ClickHouseColumn type, Schema schema, Object value) {
        if (value == null) {
            // A null inside an array, map or tuple: NULL if allowed, else the type's default (as
            // JSONEachRow read it).
            return type.isNullable() ? null : zero(type);
        }
        value = checked(column, type, schema, value);
        return switch (type.getDataType()) {
            case String, FixedString -> text(value);
            case Int8, Int16, Int32, Int64, UInt8, UInt16, UInt32, UInt64 -> integer(column, type, value);
            case Int128, Int256, UInt128, UInt256 -> BigInteger.valueOf(integer(column, type, value));
            case Float32 -> (float) number(column, type, value).doubleValue();
            case Float64 -> number(column, type, value).doubleValue();
            case Decimal, Decimal32, Decimal64, Decimal128, Decimal256 ->
                value instanceof BigDecimal d
                        ? d
                        : new BigDecimal(number(column, type, value).toString());
            case Bool -> value instanceof Boolean b ? b : integer(column, type, value) != 0;
            case Date, Date32 -> LocalDate.ofInstant(instant(column, type, value), ZoneOffset.UTC);
            case DateTime, DateTime32, DateTime64 -> instant(column, type, value);
            case Enum8, Enum16 -> enumValue(column, type, value);
            case UUID -> uuid(column, value);
            case Array -> list(column, type, schema, value);
            case Map -> map(column, type, schema, value);
            case Tuple -> tuple(column, type, schema, value);
            default ->
                throw new RecordConversionException(
                        "column " + column + ": the sink cannot write type " + type.getOriginalTypeName());
        };
    }

    /** The checks JSONEachRow rows had: DateTime64's range, finite numbers, integer ranges. */
    private static Object checked(String column, ClickHouseColumn type, Schema schema, Object value) {
        if (schema == null) {
            return value;
        }
        if (Timestamp.LOGICAL_NAME.equals(schema.name())) {
            long ms = timestampMillis(column, value);
            return value instanceof Date ? value : new Date(ms);
        }
        switch (schema.type()) {
            case FLOAT32, FLOAT64 -> finite(column, ((Number) value).doubleValue());
            default -> {}
        }
        return value;
    }

    /** The milliseconds of a Timestamp field's value, refused outside DateTime64's range. */
    static long timestampMillis(String column, Object value) {
        long ms = value instanceof Date d ? d.getTime() : ((Number) value).longValue();
        if (ms < MIN_DATETIME64_MS || ms > MAX_DATETIME64_MS) {
            throw new RecordConversionException("column " + column + ": timestamp " + Instant.ofEpochMilli(ms)
                    + " is outside the DateTime64 range 1900..2299");
        }
        return ms;
    }

    /** A floating-point field's value, refused when it is not finite. */
    static double finite(String column, double v) {
        if (!Double.isFinite(v)) {
            throw new RecordConversionException("column " + column + ": value " + v + " is not a finite number");
        }
        return v;
    }

    private static String text(Object value) {
        if (value instanceof String s) {
            return s;
        }
        if (value instanceof byte[] || value instanceof ByteBuffer) {
            // The String columns fed from Avro bytes (endpoint_latency.sketch) hold base64, as before.
            return Base64.getEncoder().encodeToString(bytes(value));
        }
        if (value instanceof Date d) {
            return DATETIME64.format(d.toInstant());
        }
        return value.toString();
    }

    private static long integer(String column, ClickHouseColumn type, Object value) {
        long v;
        if (value instanceof Boolean b) {
            v = b ? 1 : 0;
        } else if (value instanceof Byte
                || value instanceof Short
                || value instanceof Integer
                || value instanceof Long) {
            v = ((Number) value).longValue();
        } else {
            throw mismatch(column, type, value);
        }
        IntegerRanges.check(column, type.getDataType().name(), v);
        return v;
    }

    private static Number number(String column, ClickHouseColumn type, Object value) {
        if (value instanceof Number n) {
            return n;
        }
        throw mismatch(column, type, value);
    }

    private static Instant instant(String column, ClickHouseColumn type, Object value) {
        if (value instanceof Date d) {
            return d.toInstant();
        }
        // Unlike a Timestamp field, a plain number has no unit ClickHouse and the sink agree on.
        throw mismatch(column, type, value);
    }

    private static Object enumValue(String column, ClickHouseColumn type, Object value) {
        if (value instanceof String name) {
            try {
                type.getEnumConstants().value(name);
            } catch (IllegalArgumentException e) {
                throw new RecordConversionException(
                        "column " + column + ": '" + name + "' is not a value of " + type.getOriginalTypeName());
            }
            return name;
        }
        return integer(column, type, value);
    }

    private static UUID uuid(String column, Object value) {
        try {
            return UUID.fromString(value.toString());
        } catch (IllegalArgumentException e) {
            throw new RecordConversionException("column " + column + ": '" + value + "' is not a UUID");
        }
    }

    private static List<Object> list(String column, ClickHouseColumn type, Schema schema, Object value) {
        if (!(value instanceof Collection<?> items)) {
            throw mismatch(column, type, value);
        }
        ClickHouseColumn element = type.getNestedColumns().get(0);
        Schema elementSchema = schema == null ? null : schema.valueSchema();
        List<Object> out = new ArrayList<>(items.size());
        for (Object item : items) {
            out.add(shape(column, element, elementSchema, item));
        }
        return out;
    }

    private static Map<Object, Object> map(String column, ClickHouseColumn type, Schema schema, Object value) {
        if (!(value instanceof Map<?, ?> entries)) {
            throw mismatch(column, type, value);
        }
        Map<Object, Object> out = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : entries.entrySet()) {
            out.put(
                    shape(column, type.getKeyInfo(), schema == null ? null : schema.keySchema(), e.getKey()),
                    shape(column, type.getValueInfo(), schema == null ? null : schema.valueSchema(), e.getValue()));
        }
        return out;
    }

    /**
     * A struct as the element values of a Tuple column, in the tuple's order: named elements by
     * the snake_case field names (a missing one is NULL or the type's default, as JSONEachRow
     * read an object without that key), unnamed ones by position.
     */
    private static List<Object> tuple(String column, ClickHouseColumn type, Schema schema, Object value) {
        if (!(value instanceof Struct struct)) {
            throw mismatch(column, type, value);
        }
        List<ClickHouseColumn> elements = type.getNestedColumns();
        List<Field> fields = struct.schema().fields();
        List<Object> out = new ArrayList<>(elements.size());
        for (int i = 0; i < elements.size(); i++) {
            ClickHouseColumn element = elements.get(i);
            String name = element.getColumnName();
            Field field = null;
            if (name == null || name.isEmpty()) {
                field = i < fields.size() ? fields.get(i) : null;
            } else {
                for (Field f : fields) {
                    if (ColumnNames.snake(f.name()).equals(name)) {
                        field = f;
                        break;
                    }
                }
            }
            out.add(
                    field == null
                            ? shape(column, element, null, null)
                            : shape(column, element, field.schema(), struct.get(field)));
        }
        return out;
    }

    /** The value ClickHouse gives a non-Nullable element it reads as null or absent. */
    private static Object zero(ClickHouseColumn type) {
        return switch (type.getDataType()) {
            case String, FixedString -> "";
            case Int8, Int16, Int32, Int64, UInt8, UInt16, UInt32, UInt64 -> 0L;
            case Int128, Int256, UInt128, UInt256 -> BigInteger.ZERO;
            case Float32 -> 0f;
            case Float64 -> 0d;
            case Decimal, Decimal32, Decimal64, Decimal128, Decimal256 -> BigDecimal.ZERO;
            case Bool -> false;
            case Date, Date32 -> LocalDate.EPOCH;
            case DateTime, DateTime32, DateTime64 -> Instant.EPOCH;
            case Enum8, Enum16 -> type.getEnumConstants().getValues()[0];
            case UUID -> new UUID(0, 0);
            case Array -> List.of();
            case Map -> Map.of();
            case Tuple -> {
                List<Object> out = new ArrayList<>();
                for (ClickHouseColumn element : type.getNestedColumns()) {
                    out.add(element.isNullable() ? null : zero(element));
                }
                yield out;
            }
            default -> throw new IllegalStateException("no default for " + type.getOriginalTypeName());
        };
    }

    private static RecordConversionException mismatch(String column, ClickHouseColumn type, Object value) {
        return new RecordConversionException("column " + column + ": a "
                + value.getClass().getSimpleName() + " cannot be written as " + type.getOriginalTypeName());
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
}
