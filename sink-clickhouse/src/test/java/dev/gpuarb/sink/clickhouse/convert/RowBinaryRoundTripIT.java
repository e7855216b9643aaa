package dev.gpuarb.sink.clickhouse.convert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.clickhouse.client.api.query.GenericRecord;
import dev.gpuarb.sink.clickhouse.TestClickHouse;
import dev.gpuarb.sink.clickhouse.db.ClickHouseGateway;
import dev.gpuarb.sink.clickhouse.db.TableColumn;
import dev.gpuarb.sink.clickhouse.db.TableColumns;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Timestamp;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every column type the migrations give the sink's tables (and an Enum8), written by the converter
 * as RowBinaryWithDefaults into the engine and read back. Expected values are literals.
 */
class RowBinaryRoundTripIT {

    /** The types as the migrations spell them (V001..V018). */
    private static final String TYPES_DDL = """
            s String,
            lc LowCardinality(String),
            lc_null LowCardinality(Nullable(String)),
            n_str Nullable(String),
            sketch Nullable(String),
            u8 UInt8,
            u16 UInt16,
            u32 UInt32,
            u64 UInt64,
            i32 Int32,
            i64 Int64,
            n_i64 Nullable(Int64),
            n_u16 Nullable(UInt16),
            n_u32 Nullable(UInt32),
            f64 Float64,
            n_f64 Nullable(Float64),
            flag Bool,
            at DateTime64(3, 'UTC'),
            n_at Nullable(DateTime64(3, 'UTC')),
            tags Array(LowCardinality(String)),
            attributes Map(String, String),
            regions Array(Tuple(region String, provider String, min_price Float64, max_price Float64,
                                mean_price Float64, sample_count Int32)),
            hours Array(Tuple(hour_utc Int32, mean_price Float64, sample_count Int32, vs_daily_mean_pct Float64)),
            alternatives Array(Tuple(
                endpoint Tuple(offer_id String, kind String, provider String, region Nullable(String),
                               zone Nullable(String), product String, pricing_model Nullable(String)),
                effective_price Float64,
                p99_latency_ms Nullable(Float64))),
            kind Enum8('GPU_HOURS' = 1, 'TOKENS' = 2),
            _topic LowCardinality(String),
            _partition UInt32,
            _offset UInt64,
            _inserted_at DateTime64(3, 'UTC') DEFAULT now64(3)
            """;

    private static final Schema OPT_TS = Timestamp.builder().optional().build();
    private static final Schema REGION = SchemaBuilder.struct()
            .name("t.Region")
            .field("region", Schema.STRING_SCHEMA)
            .field("provider", Schema.STRING_SCHEMA)
            .field("minPrice", Schema.FLOAT64_SCHEMA)
            .field("maxPrice", Schema.FLOAT64_SCHEMA)
            .field("meanPrice", Schema.FLOAT64_SCHEMA)
            .field("sampleCount", Schema.INT32_SCHEMA)
            .build();
    private static final Schema HOUR = SchemaBuilder.struct()
            .name("t.Hour")
            .field("hourUtc", Schema.INT32_SCHEMA)
            .field("meanPrice", Schema.FLOAT64_SCHEMA)
            .field("sampleCount", Schema.INT32_SCHEMA)
            .field("vsDailyMeanPct", Schema.FLOAT64_SCHEMA)
            .build();
    private static final Schema ENDPOINT = SchemaBuilder.struct()
            .name("t.Endpoint")
            .field("offerId", Schema.STRING_SCHEMA)
            .field("kind", Schema.STRING_SCHEMA)
            .field("provider", Schema.STRING_SCHEMA)
            .field("region", Schema.OPTIONAL_STRING_SCHEMA)
            .field("zone", Schema.OPTIONAL_STRING_SCHEMA)
            .field("product", Schema.STRING_SCHEMA)
            .field("pricingModel", Schema.OPTIONAL_STRING_SCHEMA)
            .build();
    private static final Schema CANDIDATE = SchemaBuilder.struct()
            .name("t.Candidate")
            .field("endpoint", ENDPOINT)
            .field("effectivePrice", Schema.FLOAT64_SCHEMA)
            .field("p99LatencyMs", Schema.OPTIONAL_FLOAT64_SCHEMA)
            .field("notInTheTuple", Schema.OPTIONAL_STRING_SCHEMA)
            .build();
    private static final Schema TYPES = SchemaBuilder.struct()
            .name("t.Types")
            .field("s", Schema.STRING_SCHEMA)
            .field("lc", Schema.STRING_SCHEMA)
            .field("lcNull", Schema.OPTIONAL_STRING_SCHEMA)
            .field("nStr", Schema.OPTIONAL_STRING_SCHEMA)
            .field("sketch", Schema.OPTIONAL_BYTES_SCHEMA)
            .field("u8", Schema.INT32_SCHEMA)
            .field("u16", Schema.INT32_SCHEMA)
            .field("u32", Schema.INT64_SCHEMA)
            .field("u64", Schema.INT64_SCHEMA)
            .field("i32", Schema.INT32_SCHEMA)
            .field("i64", Schema.INT64_SCHEMA)
            .field("nI64", Schema.OPTIONAL_INT64_SCHEMA)
            .field("nU16", Schema.OPTIONAL_INT32_SCHEMA)
            .field("nU32", Schema.OPTIONAL_INT64_SCHEMA)
            .field("f64", Schema.FLOAT64_SCHEMA)
            .field("nF64", Schema.OPTIONAL_FLOAT64_SCHEMA)
            .field("flag", Schema.BOOLEAN_SCHEMA)
            .field("at", Timestamp.SCHEMA)
            .field("nAt", OPT_TS)
            .field("tags", SchemaBuilder.array(Schema.STRING_SCHEMA).build())
            .field(
                    "attributes",
                    SchemaBuilder.map(Schema.STRING_SCHEMA, Schema.STRING_SCHEMA)
                            .build())
            .field("regions", SchemaBuilder.array(REGION).build())
            .field("hours", SchemaBuilder.array(HOUR).build())
            .field("alternatives", SchemaBuilder.array(CANDIDATE).build())
            .field("kind", Schema.STRING_SCHEMA)
            .build();

    private static ClickHouseGateway ch;

    @BeforeAll
    static void database() {
        ch = TestClickHouse.gateway(TestClickHouse.newDatabase("rowbinary"));
        ch.execute("CREATE DATABASE IF NOT EXISTS " + ch.database());
        ch.execute("CREATE TABLE " + ch.database() + ".types (" + TYPES_DDL + ") ENGINE = MergeTree ORDER BY tuple()");
        ch.execute("CREATE TABLE " + ch.database() + ".defaults (id UInt32, d_str String DEFAULT 'fallback', "
                + "d_num UInt16 DEFAULT 7, d_flag Bool DEFAULT true, n_plain Nullable(String), "
                + "n_def Nullable(String) DEFAULT 'nd', null_to_default String DEFAULT 'was null', "
                + "m String MATERIALIZED concat('m-', toString(id)), "
                + "_inserted_at DateTime64(3, 'UTC') DEFAULT now64(3)) ENGINE = MergeTree ORDER BY id");
    }

    @AfterAll
    static void close() {
        ch.close();
    }

    @Test
    void everyColumnTypeRoundTrips() {
        RowConverter converter = new RowConverter("types", TableColumns.of(ch, "types"));
        Instant before = Instant.now().minusSeconds(1);
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(converter.convert(record(full(), 7)));
        body.writeBytes(converter.convert(record(sparse(), 8))); // two rows in one body
        ch.insertRows("types", converter.columnNames(), body.toByteArray(), null);

        List<GenericRecord> rows = ch.query(
                "SELECT s, lc, lc_null, n_str, sketch, toString(u8) AS u8, "
                        + "toString(u16) AS u16, toString(u32) AS u32, toString(u64) AS u64, toString(i32) AS i32, "
                        + "toString(i64) AS i64, toString(n_i64) AS n_i64, toString(n_u16) AS n_u16, toString(n_u32) AS n_u32, "
                        + "f64, n_f64, toString(flag) AS flag, toString(at) AS at, toString(n_at) AS n_at, "
                        + "toString(tags) AS tags, attributes['gpu'] AS gpu, attributes['note'] AS note, "
                        + "length(attributes) AS n_attributes, toString(regions) AS regions_text, toString(hours) AS hours_text, "
                        + "toString(alternatives) AS alternatives_text, "
                        + "tupleElement(tupleElement(alternatives[1], 'endpoint'), 'provider') AS alt_provider, "
                        + "toString(kind) AS kind_text, toInt8(kind) AS kind_value, _topic, toString(_partition) AS partition, "
                        + "toString(_offset) AS offset, toUnixTimestamp64Milli(_inserted_at) >= {before:Int64} AS defaulted "
                        + "FROM types ORDER BY _offset",
                Map.of("before", before.toEpochMilli()));
        assertThat(rows).hasSize(2);

        GenericRecord a = rows.get(0);
        assertThat(a.getString("s")).isEqualTo("H100 \"80GB\"\nzweite Zeile ✓");
        assertThat(a.getString("lc")).isEqualTo("us-east-1");
        assertThat(a.getString("lc_null")).isEqualTo("us-east-1a");
        assertThat(a.getString("n_str")).isEqualTo("");
        assertThat(a.getString("sketch")).isEqualTo("AAEC/w==");
        assertThat(a.getString("u8")).isEqualTo("255");
        assertThat(a.getString("u16")).isEqualTo("65535");
        assertThat(a.getString("u32")).isEqualTo("4294967295");
        assertThat(a.getString("u64")).isEqualTo("9223372036854775807");
        assertThat(a.getString("i32")).isEqualTo("-2147483648");
        assertThat(a.getString("i64")).isEqualTo("-9223372036854775808");
        assertThat(a.getString("n_i64")).isEqualTo("128000");
        assertThat(a.getString("n_u16")).isEqualTo("8");
        assertThat(a.getString("n_u32")).isEqualTo("32768");
        assertThat(a.getDouble("f64")).isEqualTo(0.30000000000000004);
        assertThat(a.getDouble("n_f64")).isEqualTo(-1.5e-300);
        assertThat(a.getString("flag")).isEqualTo("true");
        assertThat(a.getString("at")).isEqualTo("2025-06-30 23:59:59.999");
        assertThat(a.getString("n_at")).isEqualTo("2299-12-31 23:59:59.999");
        assertThat(a.getString("tags")).isEqualTo("['soc2','hipaa']");
        assertThat(a.getString("gpu")).isEqualTo("H100");
        assertThat(a.getString("note")).isEqualTo("");
        assertThat(a.getLong("n_attributes")).isEqualTo(2);
        assertThat(a.getString("regions_text"))
                .isEqualTo("[('us-east-1','aws',1.25,2.5,2,3),('eu-west-1','gcp',0,0,0,0)]");
        assertThat(a.getString("hours_text")).isEqualTo("[(0,2.5,10,-12.5),(23,3,1,0.25)]");
        assertThat(a.getString("alternatives_text"))
                .isEqualTo("[(('o1','GPU_HOURS','aws',NULL,'us-east-1a','H100',NULL),1.25,NULL),"
                        + "(('o2','TOKENS','openai','us','','gpt-4o','ON_DEMAND'),0.5,120.5)]");
        assertThat(a.getString("alt_provider")).isEqualTo("aws");
        assertThat(a.getString("kind_text")).isEqualTo("TOKENS");
        assertThat(a.getLong("kind_value")).isEqualTo(2);
        assertThat(a.getString("_topic")).isEqualTo("t.types");
        assertThat(a.getString("partition")).isEqualTo("3");
        assertThat(a.getString("offset")).isEqualTo("7");
        assertThat(a.getLong("defaulted")).isEqualTo(1);

        GenericRecord b = rows.get(1);
        assertThat(b.getObject("lc_null")).isNull();
        assertThat(b.getObject("n_str")).isNull();
        assertThat(b.getObject("sketch")).isNull();
        assertThat(b.getString("u8")).isEqualTo("0");
        assertThat(b.getString("i32")).isEqualTo("2147483647");
        assertThat(b.getObject("n_i64")).isNull();
        assertThat(b.getObject("n_u16")).isNull();
        assertThat(b.getObject("n_u32")).isNull();
        assertThat(b.getObject("n_f64")).isNull();
        assertThat(b.getString("flag")).isEqualTo("false");
        assertThat(b.getString("at")).isEqualTo("1900-01-01 00:00:00.000");
        assertThat(b.getObject("n_at")).isNull();
        assertThat(b.getString("tags")).isEqualTo("[]");
        assertThat(b.getLong("n_attributes")).isZero();
        assertThat(b.getString("regions_text")).isEqualTo("[]");
        assertThat(b.getString("alternatives_text")).isEqualTo("[]");
        assertThat(b.getString("kind_text")).isEqualTo("GPU_HOURS");
        assertThat(b.getString("offset")).isEqualTo("8");
    }

    @Test
    void columnsWithoutAFieldGetTheirDefaultAndNullBecomesTheDefaultOfANonNullableColumn() {
        Schema schema = SchemaBuilder.struct()
                .name("t.Sparse")
                .field("id", Schema.INT64_SCHEMA)
                .field("nullToDefault", Schema.OPTIONAL_STRING_SCHEMA)
                .field("m", Schema.STRING_SCHEMA) // a MATERIALIZED column: never written
                .build();
        Struct value =
                new Struct(schema).put("id", 1L).put("nullToDefault", null).put("m", "ignored");
        RowConverter converter = new RowConverter("defaults", TableColumns.of(ch, "defaults"));
        assertThat(converter.columnNames()).doesNotContain("m");
        Instant before = Instant.now().minusSeconds(1);
        ch.insertRows("defaults", converter.columnNames(), converter.convert(record(schema, value, 0)), null);

        GenericRecord row = ch.query(
                        "SELECT d_str, toString(d_num) AS d_num, toString(d_flag) AS d_flag, n_plain, "
                                + "n_def, null_to_default, m, toUnixTimestamp64Milli(_inserted_at) >= {before:Int64} AS defaulted FROM defaults",
                        Map.of("before", before.toEpochMilli()))
                .get(0);
        assertThat(row.getString("d_str")).isEqualTo("fallback");
        assertThat(row.getString("d_num")).isEqualTo("7");
        assertThat(row.getString("d_flag")).isEqualTo("true");
        assertThat(row.getObject("n_plain")).isNull();
        assertThat(row.getString("n_def")).isEqualTo("nd");
        assertThat(row.getString("null_to_default")).isEqualTo("was null");
        assertThat(row.getString("m")).isEqualTo("m-1");
        assertThat(row.getLong("defaulted")).isEqualTo(1);
    }

    @Test
    void valuesOutsideTheirColumnAreRefusedNamingTheColumn() {
        RowConverter converter = new RowConverter("types", TableColumns.of(ch, "types"));
        refused(
                converter,
                full().put("at", Date.from(Instant.parse("2300-01-01T00:00:00Z"))),
                "column at: timestamp 2300-01-01T00:00:00Z is outside the DateTime64 range 1900..2299");
        refused(
                converter,
                full().put("nAt", Date.from(Instant.parse("1899-12-31T23:59:59.999Z"))),
                "column n_at: timestamp 1899-12-31T23:59:59.999Z is outside the DateTime64 range 1900..2299");
        refused(converter, full().put("f64", Double.NaN), "column f64: value NaN is not a finite number");
        refused(
                converter,
                full().put("nF64", Double.NEGATIVE_INFINITY),
                "column n_f64: value -Infinity is not a finite number");
        Struct badRegion = region("us-east-1", "aws", Double.POSITIVE_INFINITY, 1, 1, 1);
        refused(
                converter,
                full().put("regions", List.of(badRegion)),
                "column regions: value Infinity is not a finite number");
        refused(converter, full().put("u8", 256), "column u8: 256 does not fit UInt8 [0, 255]");
        refused(converter, full().put("u16", -1), "column u16: -1 does not fit UInt16 [0, 65535]");
        refused(converter, full().put("u32", 4_294_967_296L), "column u32: 4294967296 does not fit UInt32");
        refused(converter, full().put("u64", -1L), "column u64: -1 does not fit UInt64");
        refused(converter, full().put("nU16", 70_000), "column n_u16: 70000 does not fit UInt16");
        refused(converter, full().put("kind", "SPOT"), "column kind: 'SPOT' is not a value of Enum8");

        // Inside an array the range is that of the element type.
        RowConverter nested = new RowConverter("x", List.of(new TableColumn("small", "Array(UInt8)", false)));
        Schema schema = SchemaBuilder.struct()
                .name("t.Small")
                .field("small", SchemaBuilder.array(Schema.INT32_SCHEMA).build())
                .build();
        assertThatThrownBy(() -> nested.convert(record(schema, new Struct(schema).put("small", List.of(1, 300)), 0)))
                .isInstanceOf(RecordConversionException.class)
                .hasMessage("column small: 300 does not fit UInt8 [0, 255]");

        // The converter goes on with the next record.
        assertThat(converter.convert(record(full(), 1))).isNotEmpty();
    }

    private static void refused(RowConverter converter, Struct value, String message) {
        assertThatThrownBy(() -> converter.convert(record(value, 0)))
                .isInstanceOf(RecordConversionException.class)
                .hasMessageContaining(message);
    }

    private static Struct full() {
        Map<String, String> attributes = new LinkedHashMap<>();
        attributes.put("gpu", "H100");
        attributes.put("note", "");
        List<Struct> alternatives = new ArrayList<>();
        alternatives.add(new Struct(CANDIDATE)
                .put("endpoint", endpoint("o1", "GPU_HOURS", "aws", null, "us-east-1a", "H100", null))
                .put("effectivePrice", 1.25)
                .put("p99LatencyMs", null)
                .put("notInTheTuple", "x"));
        alternatives.add(new Struct(CANDIDATE)
                .put("endpoint", endpoint("o2", "TOKENS", "openai", "us", "", "gpt-4o", "ON_DEMAND"))
                .put("effectivePrice", 0.5)
                .put("p99LatencyMs", 120.5));
        return new Struct(TYPES)
                .put("s", "H100 \"80GB\"\nzweite Zeile ✓")
                .put("lc", "us-east-1")
                .put("lcNull", "us-east-1a")
                .put("nStr", "")
                .put("sketch", ByteBuffer.wrap(new byte[] {0, 1, 2, (byte) 0xff}))
                .put("u8", 255)
                .put("u16", 65_535)
                .put("u32", 4_294_967_295L)
                .put("u64", Long.MAX_VALUE)
                .put("i32", Integer.MIN_VALUE)
                .put("i64", Long.MIN_VALUE)
                .put("nI64", 128_000L)
                .put("nU16", 8)
                .put("nU32", 32_768L)
                .put("f64", 0.1 + 0.2)
                .put("nF64", -1.5e-300)
                .put("flag", true)
                .put("at", Date.from(Instant.parse("2025-06-30T23:59:59.999Z")))
                .put("nAt", Date.from(Instant.parse("2299-12-31T23:59:59.999Z")))
                .put("tags", List.of("soc2", "hipaa"))
                .put("attributes", attributes)
                .put(
                        "regions",
                        List.of(region("us-east-1", "aws", 1.25, 2.5, 2.0, 3), region("eu-west-1", "gcp", 0, 0, 0, 0)))
                .put("hours", List.of(hour(0, 2.5, 10, -12.5), hour(23, 3.0, 1, 0.25)))
                .put("alternatives", alternatives)
                .put("kind", "TOKENS");
    }

    private static Struct sparse() {
        return new Struct(TYPES)
                .put("s", "")
                .put("lc", "")
                .put("u8", 0)
                .put("u16", 0)
                .put("u32", 0L)
                .put("u64", 0L)
                .put("i32", Integer.MAX_VALUE)
                .put("i64", 0L)
                .put("f64", 0.0)
                .put("flag", false)
                .put("at", Date.from(Instant.parse("1900-01-01T00:00:00Z")))
                .put("tags", List.of())
                .put("attributes", Map.of())
                .put("regions", List.of())
                .put("hours", List.of())
                .put("alternatives", List.of())
                .put("kind", "GPU_HOURS");
    }

    private static Struct region(String region, String provider, double min, double max, double mean, int samples) {
        return new Struct(REGION)
                .put("region", region)
                .put("provider", provider)
                .put("minPrice", min)
                .put("maxPrice", max)
                .put("meanPrice", mean)
                .put("sampleCount", samples);
    }

    private static Struct hour(int hour, double mean, int samples, double vsDaily) {
        return new Struct(HOUR)
                .put("hourUtc", hour)
                .put("meanPrice", mean)
                .put("sampleCount", samples)
                .put("vsDailyMeanPct", vsDaily);
    }

    private static Struct endpoint(
            String offer, String kind, String provider, String region, String zone, String product, String pricing) {
        return new Struct(ENDPOINT)
                .put("offerId", offer)
                .put("kind", kind)
                .put("provider", provider)
                .put("region", region)
                .put("zone", zone)
                .put("product", product)
                .put("pricingModel", pricing);
    }

    private static SinkRecord record(Struct value, long offset) {
        return record(value.schema(), value, offset);
    }

    private static SinkRecord record(Schema schema, Struct value, long offset) {
        return new SinkRecord("t.types", 3, null, "k", schema, value, offset);
    }
}
