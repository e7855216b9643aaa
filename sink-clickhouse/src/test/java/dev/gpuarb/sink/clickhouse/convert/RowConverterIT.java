package dev.gpuarb.sink.clickhouse.convert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.clickhouse.client.api.query.GenericRecord;
import dev.gpuarb.avro.RouteUpdate;
import dev.gpuarb.connect.AvroConnectData;
import dev.gpuarb.sink.clickhouse.SampleRecords;
import dev.gpuarb.sink.clickhouse.TestClickHouse;
import dev.gpuarb.sink.clickhouse.db.ClickHouseGateway;
import dev.gpuarb.sink.clickhouse.db.TableColumn;
import dev.gpuarb.topics.Topic;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Rows are checked by inserting them into the engine and reading them back. */
class RowConverterIT {

    private static final AtomicInteger TABLES = new AtomicInteger();
    private static ClickHouseGateway ch;

    @BeforeAll
    static void database() {
        ch = TestClickHouse.gateway(TestClickHouse.newDatabase("rowconverter"));
        ch.execute("CREATE DATABASE IF NOT EXISTS " + ch.database());
    }

    @AfterAll
    static void close() {
        ch.close();
    }

    @Test
    void snakeCaseNamesFollowTheAvroFields() {
        assertThat(ColumnNames.snake("usdPerGpuHour")).isEqualTo("usd_per_gpu_hour");
        assertThat(ColumnNames.snake("p99LatencyMs")).isEqualTo("p99_latency_ms");
        assertThat(ColumnNames.snake("offerId")).isEqualTo("offer_id");
        assertThat(ColumnNames.snake("region")).isEqualTo("region");
    }

    @Test
    void nestedFieldsFlattenIntoColumnsAndTupleColumnsGetObjects() throws Exception {
        RouteUpdate route = (RouteUpdate) SampleRecords.of(Topic.ROUTE_UPDATES, 1);
        RowConverter converter = new RowConverter(
                "route_updates",
                List.of(
                        col("route_id", "LowCardinality(String)"),
                        col("chosen_endpoint_provider", "LowCardinality(Nullable(String))"),
                        col("chosen_effective_price", "Nullable(Float64)"),
                        col("chosen_self_host_model", "LowCardinality(Nullable(String))"),
                        col("chosen_self_host_output_tokens_per_second", "Nullable(Float64)"),
                        col("alternatives", "Array(Tuple(endpoint Tuple(offer_id String), effective_price Float64))"),
                        col("decided_at", "DateTime64(3, 'UTC')"),
                        col("_offset", "UInt64")));
        GenericRecord row = roundTrip(
                converter,
                sinkRecord(route, 42),
                "route_id, chosen_endpoint_provider, chosen_effective_price, chosen_self_host_model, "
                        + "chosen_self_host_output_tokens_per_second, "
                        + "tupleElement(tupleElement(alternatives[1], 'endpoint'), 'offer_id') AS alt_offer_id, "
                        + "toString(decided_at) AS decided_at, _offset");

        assertThat(row.getString("route_id")).isEqualTo(route.getRouteId());
        assertThat(row.getString("chosen_endpoint_provider"))
                .isEqualTo(route.getChosen().getEndpoint().getProvider());
        assertThat(row.getDouble("chosen_effective_price"))
                .isEqualTo(route.getChosen().getEffectivePrice());
        assertThat(row.getString("chosen_self_host_model"))
                .isEqualTo(route.getChosen().getSelfHost().getModel());
        assertThat(row.getDouble("chosen_self_host_output_tokens_per_second"))
                .isEqualTo(route.getChosen().getSelfHost().getOutputTokensPerSecond());
        assertThat(row.getString("alt_offer_id"))
                .isEqualTo(route.getAlternatives().get(0).getEndpoint().getOfferId());
        assertThat(row.getString("decided_at"))
                .isEqualTo(route.getDecidedAt().toString().replace('T', ' ').replace("Z", ".000"));
        assertThat(row.getLong("_offset")).isEqualTo(42);
    }

    @Test
    void aMissingOptionalParentGivesNullColumns() throws Exception {
        RouteUpdate noRoute = (RouteUpdate) SampleRecords.of(Topic.ROUTE_UPDATES, 5);
        assertThat(noRoute.getChosen()).isNull();
        RowConverter converter = new RowConverter(
                "route_updates", List.of(col("chosen_endpoint_provider", "LowCardinality(Nullable(String))")));
        assertThat(roundTrip(converter, sinkRecord(noRoute, 1), "chosen_endpoint_provider")
                        .getObject("chosen_endpoint_provider"))
                .isNull();
    }

    @Test
    void valuesTheColumnCannotHoldAreRejected() {
        SpecificRecord profile = SampleRecords.of(Topic.TIME_OF_DAY_PROFILES, 0);
        RowConverter narrow =
                new RowConverter("p", List.of(col("cheapest_hour_utc", "Int8"), col("daily_mean", "Float64")));
        assertThat(roundTrip(narrow, sinkRecord(profile, 0), "cheapest_hour_utc")
                        .getLong("cheapest_hour_utc"))
                .isEqualTo(2);

        RowConverter unsigned = new RowConverter(
                "p", List.of(col("cheapest_vs_daily_mean_pct", "Float64"), col("cheapest_hour_utc", "UInt8")));
        profile.put(profile.getSchema().getField("cheapestHourUtc").pos(), -1);
        assertThatThrownBy(() -> unsigned.convert(sinkRecord(profile, 0)))
                .isInstanceOf(RecordConversionException.class)
                .hasMessageContaining("cheapest_hour_utc");
    }

    @Test
    void aRequiredColumnWithoutAFieldIsRejected() {
        RowConverter converter = new RowConverter("t", List.of(col("no_such_field", "String")));
        assertThatThrownBy(() -> converter.convert(sinkRecord(SampleRecords.of(Topic.SPOT_BIDS, 0), 0)))
                .isInstanceOf(RecordConversionException.class)
                .hasMessageContaining("no_such_field");
    }

    private static TableColumn col(String name, String type) {
        return new TableColumn(name, type, false);
    }

    /**
     * Makes a table of the converter's columns, inserts the record's row and reads {@code select}
     * back. The table is named after a counter: RowConverter's own table name is only a label.
     */
    private static GenericRecord roundTrip(RowConverter converter, SinkRecord record, String select) {
        String table = "t" + TABLES.incrementAndGet();
        ch.execute("CREATE TABLE " + ch.database() + "." + table + " ("
                + converter.columns().stream()
                        .map(c -> c.name() + " " + c.type())
                        .collect(Collectors.joining(", ")) + ") ENGINE = MergeTree ORDER BY tuple()");
        ch.insertRows(table, converter.columnNames(), converter.convert(record), null);
        List<GenericRecord> rows = ch.query("SELECT " + select + " FROM " + table);
        assertThat(rows).hasSize(1);
        return rows.get(0);
    }

    private static SinkRecord sinkRecord(SpecificRecord value, long offset) {
        SchemaAndValue connect = new AvroConnectData().toConnectData(value.getSchema(), value);
        return new SinkRecord("t", 0, null, "k", connect.schema(), connect.value(), offset);
    }
}
