package dev.gpuarb.sink.clickhouse.convert;

import com.clickhouse.data.ClickHouseColumn;
import com.clickhouse.data.ClickHouseDataType;
import java.util.Collection;
import java.util.Date;
import java.util.Map;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Timestamp;

/**
 * The bytes of a non-null value of one column type, without markers, for the common shapes: strings,
 * integers, floats, booleans, Timestamp fields into DateTime64, and arrays and maps of those. The checks and the
 * bytes are those of {@link RowBinaryValues} (a test holds them to it), which shapes each value for
 * client-v2's encoder: general, but some boxing and a type dispatch per value, which made it the
 * largest part of the sink's own CPU time.
 */
abstract class ValueEncoder {

    /** Whether {@link #encode} takes this value; otherwise the general path decides. */
    abstract boolean accepts(Object value);

    abstract void encode(RowBuffer out, Object value);

    /** What RowBinaryValues writes for a null inside an array or map of this (non-Nullable) type. */
    abstract void encodeZero(RowBuffer out);

    /** An encoder for this column type fed from this schema, or null when the general path must do it. */
    static ValueEncoder of(String column, ClickHouseColumn type, Schema schema) {
        ClickHouseDataType t = type.getDataType();
        boolean timestamp = schema != null && Timestamp.LOGICAL_NAME.equals(schema.name());
        Schema.Type st = schema == null ? null : schema.type();
        return switch (t) {
            case String -> st == null || st == Schema.Type.STRING ? new Text() : null;
            case Int8, Int16, Int32, Int64, UInt8, UInt16, UInt32, UInt64 ->
                !timestamp
                                && (st == null
                                        || st == Schema.Type.INT8
                                        || st == Schema.Type.INT16
                                        || st == Schema.Type.INT32
                                        || st == Schema.Type.INT64)
                        ? new Int(column, t)
                        : null;
            case Float32, Float64 ->
                st == Schema.Type.FLOAT32 || st == Schema.Type.FLOAT64
                        ? new Floating(column, t == ClickHouseDataType.Float32)
                        : null;
            case DateTime64 -> timestamp ? new DateTime64(column, type.getScale()) : null;
            case Bool -> st == Schema.Type.BOOLEAN ? new Bool() : null;
            case Array -> {
                ClickHouseColumn element = type.getNestedColumns().get(0);
                ValueEncoder e = st == Schema.Type.ARRAY && !element.isNullable()
                        ? of(column, element, schema.valueSchema())
                        : null;
                yield e == null ? null : new ArrayOf(e);
            }
            case Map -> {
                ClickHouseColumn key = type.getKeyInfo();
                ClickHouseColumn value = type.getValueInfo();
                ValueEncoder k = st == Schema.Type.MAP && !key.isNullable() && !value.isNullable()
                        ? of(column, key, schema.keySchema())
                        : null;
                ValueEncoder v = k == null ? null : of(column, value, schema.valueSchema());
                yield v == null ? null : new MapOf(k, v);
            }
            default -> null;
        };
    }

    private static final class Text extends ValueEncoder {
        @Override
        boolean accepts(Object value) {
            return value instanceof String;
        }

        @Override
        void encode(RowBuffer out, Object value) {
            out.writeString((String) value);
        }

        @Override
        void encodeZero(RowBuffer out) {
            out.writeVarInt(0);
        }
    }

    private static final class Int extends ValueEncoder {
        private final String column;
        private final String typeName;
        private final int bytes;

        Int(String column, ClickHouseDataType type) {
            this.column = column;
            this.typeName = type.name();
            this.bytes = type.getByteLength();
        }

        @Override
        boolean accepts(Object value) {
            return value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte;
        }

        @Override
        void encode(RowBuffer out, Object value) {
            long v = ((Number) value).longValue();
            IntegerRanges.check(column, typeName, v);
            out.writeLittleEndian(v, bytes);
        }

        @Override
        void encodeZero(RowBuffer out) {
            out.writeLittleEndian(0, bytes);
        }
    }

    private static final class Floating extends ValueEncoder {
        private final String column;
        private final boolean float32;

        Floating(String column, boolean float32) {
            this.column = column;
            this.float32 = float32;
        }

        @Override
        boolean accepts(Object value) {
            return value instanceof Double || value instanceof Float;
        }

        @Override
        void encode(RowBuffer out, Object value) {
            double v = RowBinaryValues.finite(column, ((Number) value).doubleValue());
            if (float32) {
                out.writeLittleEndian(Float.floatToIntBits((float) v), 4);
            } else {
                out.writeLittleEndian(Double.doubleToLongBits(v), 8);
            }
        }

        @Override
        void encodeZero(RowBuffer out) {
            out.writeLittleEndian(0, float32 ? 4 : 8);
        }
    }

    private static final class DateTime64 extends ValueEncoder {
        private final String column;
        private final int scale;
        private final long ticksPerSecond;

        DateTime64(String column, int scale) {
            this.column = column;
            this.scale = scale;
            this.ticksPerSecond = (long) Math.pow(10, scale);
        }

        @Override
        boolean accepts(Object value) {
            return value instanceof Date;
        }

        @Override
        void encode(RowBuffer out, Object value) {
            long ms = RowBinaryValues.timestampMillis(column, value);
            // Ticks of 10^-scale s since the epoch, as for the Instant the general path writes.
            long seconds = Math.floorDiv(ms, 1000);
            long nanos = Math.floorMod(ms, 1000) * 1_000_000L;
            long ticks = seconds * ticksPerSecond + nanos / (long) Math.pow(10, 9 - scale);
            out.writeLittleEndian(ticks, 8);
        }

        @Override
        void encodeZero(RowBuffer out) {
            out.writeLittleEndian(0, 8);
        }
    }

    private static final class Bool extends ValueEncoder {
        @Override
        boolean accepts(Object value) {
            return value instanceof Boolean;
        }

        @Override
        void encode(RowBuffer out, Object value) {
            out.write((Boolean) value ? 1 : 0);
        }

        @Override
        void encodeZero(RowBuffer out) {
            out.write(0);
        }
    }

    private static final class ArrayOf extends ValueEncoder {
        private final ValueEncoder element;

        ArrayOf(ValueEncoder element) {
            this.element = element;
        }

        @Override
        boolean accepts(Object value) {
            if (!(value instanceof Collection<?> items)) {
                return false;
            }
            for (Object item : items) {
                if (item != null && !element.accepts(item)) {
                    return false;
                }
            }
            return true;
        }

        @Override
        void encode(RowBuffer out, Object value) {
            Collection<?> items = (Collection<?>) value;
            out.writeVarInt(items.size());
            for (Object item : items) {
                if (item == null) {
                    element.encodeZero(out);
                } else {
                    element.encode(out, item);
                }
            }
        }

        @Override
        void encodeZero(RowBuffer out) {
            out.writeVarInt(0);
        }
    }

    private static final class MapOf extends ValueEncoder {
        private final ValueEncoder key;
        private final ValueEncoder value;

        MapOf(ValueEncoder key, ValueEncoder value) {
            this.key = key;
            this.value = value;
        }

        @Override
        boolean accepts(Object map) {
            if (!(map instanceof Map<?, ?> entries)) {
                return false;
            }
            for (Map.Entry<?, ?> e : entries.entrySet()) {
                if ((e.getKey() != null && !key.accepts(e.getKey()))
                        || (e.getValue() != null && !value.accepts(e.getValue()))) {
                    return false;
                }
            }
            return true;
        }

        @Override
        void encode(RowBuffer out, Object map) {
            Map<?, ?> entries = (Map<?, ?>) map;
            out.writeVarInt(entries.size());
            for (Map.Entry<?, ?> e : entries.entrySet()) {
                if (e.getKey() == null) {
                    key.encodeZero(out);
                } else {
                    key.encode(out, e.getKey());
                }
                if (e.getValue() == null) {
                    value.encodeZero(out);
                } else {
                    value.encode(out, e.getValue());
                }
            }
        }

        @Override
        void encodeZero(RowBuffer out) {
            out.writeVarInt(0);
        }
    }
}
