package dev.gpuarb.sink.clickhouse.convert;

import com.clickhouse.data.ClickHouseColumn;
import java.io.IOException;
import org.apache.kafka.connect.data.Schema;

/**
 * Writes one column of a row: its RowBinaryWithDefaults marker and its value. Chosen once per column
 * and value schema ({@link #of}), so the per-row work is the value alone.
 *
 * <p>The common shapes are encoded by a {@link ValueEncoder}; everything else, and any value of an
 * unexpected class, goes through {@link RowBinaryValues#write}.
 */
@FunctionalInterface
interface ColumnWriter {

    void write(RowBuffer out, Object value) throws IOException;

    /** @param schema the Connect schema of the values, or null for a Kafka coordinate (String or Long) */
    static ColumnWriter of(String column, ClickHouseColumn type, Schema schema) {
        ColumnWriter general = (out, value) -> RowBinaryValues.write(out, column, type, schema, value);
        ValueEncoder encoder = ValueEncoder.of(column, type, schema);
        if (encoder == null) {
            return general;
        }
        boolean nullable = type.isNullable();
        return (out, value) -> {
            if (value == null) {
                if (nullable) {
                    out.write(RowBinaryValues.VALUE_FOLLOWS);
                    out.write(RowBinaryValues.NULL);
                } else {
                    out.write(RowBinaryValues.USE_DEFAULT); // as RowBinaryValues: a null takes the column's default
                }
            } else if (encoder.accepts(value)) {
                out.write(RowBinaryValues.VALUE_FOLLOWS);
                if (nullable) {
                    out.write(RowBinaryValues.NOT_NULL);
                }
                encoder.encode(out, value);
            } else {
                general.write(out, value);
            }
        };
    }
}
