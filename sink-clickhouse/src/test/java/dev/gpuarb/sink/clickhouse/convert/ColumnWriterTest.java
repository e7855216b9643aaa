package dev.gpuarb.sink.clickhouse.convert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.clickhouse.data.ClickHouseColumn;
import java.io.ByteArrayOutputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Timestamp;
import org.junit.jupiter.api.Test;

/**
 * The direct encoders write exactly the bytes, and refuse exactly the values, that the general path
 * ({@link RowBinaryValues}, over client-v2's encoder) does; {@code RowBinaryRoundTripIT} holds the
 * general path to the engine.
 */
class ColumnWriterTest {

    private static final Schema OPTIONAL_STRING = Schema.OPTIONAL_STRING_SCHEMA;
    private static final Schema TIMESTAMP = Timestamp.builder().optional().build();

    @Test
    void strings() {
        List<Object> values =
                Arrays.asList("", "H100-80GB", "ünïcødé €", "x".repeat(300), "é".repeat(100), "\u007f\u0080", null);
        for (String type :
                List.of("String", "LowCardinality(String)", "Nullable(String)", "LowCardinality(Nullable(String))")) {
            same(type, OPTIONAL_STRING, values);
        }
        // Enum symbols come as named strings; Kafka coordinates without a schema.
        same(
                "LowCardinality(String)",
                SchemaBuilder.string()
                        .parameter("gpuarb.avro.enum", "PricingModel")
                        .build(),
                List.of("SPOT", "ON_DEMAND"));
        same("LowCardinality(String)", null, List.of("prices.gpu"));
    }

    @Test
    void integersWithTheirRanges() {
        List<Object> longs = Arrays.asList(
                0L,
                1L,
                -1L,
                127L,
                128L,
                255L,
                256L,
                32_767L,
                65_535L,
                65_536L,
                2_147_483_647L,
                4_294_967_295L,
                4_294_967_296L,
                Long.MAX_VALUE,
                Long.MIN_VALUE,
                null);
        for (String type : List.of(
                "UInt8",
                "UInt16",
                "UInt32",
                "UInt64",
                "Int8",
                "Int16",
                "Int32",
                "Int64",
                "Nullable(UInt16)",
                "Nullable(Int64)")) {
            same(type, Schema.OPTIONAL_INT64_SCHEMA, longs);
            same(
                    type,
                    Schema.OPTIONAL_INT32_SCHEMA,
                    Arrays.asList(0, -5, 70_000, Integer.MAX_VALUE, Integer.MIN_VALUE, null));
            same(type, Schema.OPTIONAL_INT16_SCHEMA, Arrays.asList((short) 0, (short) -3, Short.MAX_VALUE, null));
            same(type, Schema.OPTIONAL_INT8_SCHEMA, Arrays.asList((byte) 0, (byte) -3, Byte.MAX_VALUE, null));
        }
        same("UInt64", null, List.of(0L, 123_456_789_012L)); // _offset
        same("UInt32", null, List.of(0L, 5L, -1L)); // _partition
    }

    @Test
    void floatsAreFiniteOrRefused() {
        List<Object> doubles = Arrays.asList(
                0.0,
                -0.0,
                3.9331,
                -1.5e-300,
                1e300,
                Double.MAX_VALUE,
                Double.MIN_VALUE,
                Double.NaN,
                Double.POSITIVE_INFINITY,
                Double.NEGATIVE_INFINITY,
                null);
        for (String type : List.of("Float64", "Float32", "Nullable(Float64)", "Nullable(Float32)")) {
            same(type, Schema.OPTIONAL_FLOAT64_SCHEMA, doubles);
            same(type, Schema.OPTIONAL_FLOAT32_SCHEMA, Arrays.asList(0f, 2.5f, Float.MAX_VALUE, Float.NaN, null));
        }
    }

    @Test
    void booleans() {
        for (String type : List.of("Bool", "Nullable(Bool)")) {
            same(type, Schema.OPTIONAL_BOOLEAN_SCHEMA, Arrays.asList(true, false, null));
        }
        same(
                "Array(Bool)",
                SchemaBuilder.array(Schema.BOOLEAN_SCHEMA).build(),
                List.of(List.of(true, false), List.of()));
    }

    @Test
    void timestampsIntoDateTime64OfAnyPrecisionWithinItsRange() {
        List<Object> times = new ArrayList<>();
        for (String t : List.of(
                "1970-01-01T00:00:00Z",
                "2026-12-06T21:04:11.123Z",
                "1969-12-31T23:59:59.999Z",
                "1950-06-01T12:34:56.789Z",
                "1900-01-01T00:00:00Z",
                "2299-12-31T23:59:59.999Z",
                "1899-12-31T23:59:59.999Z",
                "2300-01-01T00:00:00Z",
                "2400-01-01T00:00:00Z")) {
            times.add(Date.from(Instant.parse(t)));
        }
        times.add(null);
        for (String type : List.of(
                "DateTime64(3, 'UTC')",
                "DateTime64(3)",
                "DateTime64(6, 'UTC')",
                "DateTime64(0, 'UTC')",
                "DateTime64(9, 'UTC')",
                "Nullable(DateTime64(3, 'UTC'))")) {
            same(type, TIMESTAMP, times);
        }
    }

    @Test
    void arraysAndMapsOfThose() {
        Schema strings = SchemaBuilder.array(Schema.STRING_SCHEMA).optional().build();
        List<Object> arrays = Arrays.asList(
                List.of(),
                List.of("eu", "gdpr"),
                Arrays.asList(null, "x"),
                java.util.Collections.nCopies(200, "tag"),
                null);
        same("Array(LowCardinality(String))", strings, arrays);
        same("Array(String)", strings, arrays);
        Schema ints = SchemaBuilder.array(Schema.INT32_SCHEMA).build();
        same("Array(UInt16)", ints, List.of(List.of(1, 2, 65_535), List.of(1, 70_000), List.of(-1)));
        Schema doubles = SchemaBuilder.array(Schema.FLOAT64_SCHEMA).build();
        same("Array(Float64)", doubles, List.of(List.of(1.5, 2.5), List.of(1.0, Double.NaN)));

        Map<String, Object> withNull = new LinkedHashMap<>();
        withNull.put("spot", null);
        withNull.put("az", "use1-az4");
        Schema stringMap = SchemaBuilder.map(Schema.STRING_SCHEMA, Schema.OPTIONAL_STRING_SCHEMA)
                .optional()
                .build();
        same("Map(String, String)", stringMap, Arrays.asList(Map.of(), Map.of("a", "1"), withNull, null));
        same("Map(LowCardinality(String), String)", stringMap, List.of(Map.of("k", "v")));
        Schema doubleMap =
                SchemaBuilder.map(Schema.STRING_SCHEMA, Schema.FLOAT64_SCHEMA).build();
        same("Map(String, Float64)", doubleMap, List.of(Map.of("p50", 12.5), Map.of("bad", Double.POSITIVE_INFINITY)));
    }

    @Test
    void otherShapesAndUnexpectedValuesTakeTheGeneralPath() {
        assertThat(ValueEncoder.of(
                        "c",
                        ClickHouseColumn.of("c", "Array(Nullable(String))"),
                        SchemaBuilder.array(Schema.OPTIONAL_STRING_SCHEMA).build()))
                .isNull();
        assertThat(ValueEncoder.of("c", ClickHouseColumn.of("c", "Decimal(18, 4)"), Schema.FLOAT64_SCHEMA))
                .isNull();
        assertThat(ValueEncoder.of("c", ClickHouseColumn.of("c", "Int64"), TIMESTAMP))
                .isNull();
        assertThat(ValueEncoder.of("c", ClickHouseColumn.of("c", "String"), Schema.BYTES_SCHEMA))
                .isNull();
        // A Kafka coordinate column has no schema: a value of another class is the general path's to refuse.
        sameBytes("UInt32", null, List.of("not a number"));
        sameBytes("Enum8('a' = 1, 'b' = 2)", OPTIONAL_STRING, Arrays.asList("a", "c", null));
    }

    /** A direct encoder exists for the type and schema, and agrees with the general path on each value. */
    private static void same(String type, Schema schema, List<?> values) {
        assertThat(ValueEncoder.of("c", ClickHouseColumn.of("c", type), schema))
                .as("a direct encoder for %s from %s", type, schema)
                .isNotNull();
        sameBytes(type, schema, values);
    }

    /** Each value, written both ways, gives the same bytes or the same refusal. */
    private static void sameBytes(String type, Schema schema, List<?> values) {
        ClickHouseColumn column = ClickHouseColumn.of("c", type);
        ColumnWriter writer = ColumnWriter.of("c", column, schema);
        for (Object value : values) {
            ByteArrayOutputStream expected = new ByteArrayOutputStream();
            Throwable expectedError = catchThrowable(() -> RowBinaryValues.write(expected, "c", column, schema, value));
            RowBuffer actual = new RowBuffer();
            Throwable actualError = catchThrowable(() -> writer.write(actual, value));
            String what = type + " <- " + value;
            if (expectedError == null) {
                assertThat(actualError).as(what).isNull();
                assertThat(actual.toByteArray()).as(what).isEqualTo(expected.toByteArray());
            } else {
                assertThat(actualError)
                        .as(what)
                        .isNotNull()
                        .hasSameClassAs(expectedError)
                        .hasMessage(expectedError.getMessage());
            }
        }
    }
}
