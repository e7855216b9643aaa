package dev.gpuarb.sink.clickhouse.convert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gpuarb.avro.RouteUpdate;
import dev.gpuarb.connect.AvroConnectData;
import dev.gpuarb.sink.clickhouse.SampleRecords;
import dev.gpuarb.sink.clickhouse.db.TableColumn;
import dev.gpuarb.topics.Topic;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;

class RowConverterTest {

    private static final ObjectMapper JSON = new ObjectMapper();

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
        RowConverter converter = new RowConverter("route_updates", List.of(
                col("route_id", "LowCardinality(String)"),
                col("chosen_endpoint_provider", "LowCardinality(Nullable(String))"),
                col("chosen_effective_price", "Nullable(Float64)"),
                col("chosen_self_host_model", "LowCardinality(Nullable(String))"),
                col("chosen_self_host_output_tokens_per_second", "Nullable(Float64)"),
                col("alternatives", "Array(Tuple(endpoint Tuple(offer_id String), effective_price Float64))"),
                col("decided_at", "DateTime64(3, 'UTC')"),
                col("_offset", "UInt64")));
        JsonNode row = JSON.readTree(converter.convert(sinkRecord(route, 42)));

        assertThat(row.get("route_id").asText()).isEqualTo(route.getRouteId());
        assertThat(row.get("chosen_endpoint_provider").asText()).isEqualTo(route.getChosen().getEndpoint().getProvider());
        assertThat(row.get("chosen_effective_price").asDouble()).isEqualTo(route.getChosen().getEffectivePrice());
        assertThat(row.get("chosen_self_host_model").asText()).isEqualTo(route.getChosen().getSelfHost().getModel());
        assertThat(row.get("chosen_self_host_output_tokens_per_second").asDouble())
                .isEqualTo(route.getChosen().getSelfHost().getOutputTokensPerSecond());
        assertThat(row.get("alternatives").get(0).get("endpoint").get("offer_id").asText())
                .isEqualTo(route.getAlternatives().get(0).getEndpoint().getOfferId());
        assertThat(row.get("decided_at").asText()).isEqualTo(
                route.getDecidedAt().toString().replace('T', ' ').replace("Z", ".000"));
        assertThat(row.get("_offset").asLong()).isEqualTo(42);
    }

    @Test
    void aMissingOptionalParentGivesNullColumns() throws Exception {
        RouteUpdate noRoute = (RouteUpdate) SampleRecords.of(Topic.ROUTE_UPDATES, 5);
        assertThat(noRoute.getChosen()).isNull();
        RowConverter converter = new RowConverter("route_updates",
                List.of(col("chosen_endpoint_provider", "LowCardinality(Nullable(String))")));
        assertThat(JSON.readTree(converter.convert(sinkRecord(noRoute, 1))).get("chosen_endpoint_provider").isNull())
                .isTrue();
    }

    @Test
    void valuesTheColumnCannotHoldAreRejected() {
        SpecificRecord profile = SampleRecords.of(Topic.TIME_OF_DAY_PROFILES, 0);
        RowConverter narrow = new RowConverter("p", List.of(col("cheapest_hour_utc", "Int8"),
                col("daily_mean", "Float64")));
        assertThat(new String(narrow.convert(sinkRecord(profile, 0)))).contains("\"cheapest_hour_utc\":2");

        RowConverter unsigned = new RowConverter("p", List.of(col("cheapest_vs_daily_mean_pct", "Float64"),
                col("cheapest_hour_utc", "UInt8")));
        profile.put(profile.getSchema().getField("cheapestHourUtc").pos(), -1);
        assertThatThrownBy(() -> unsigned.convert(sinkRecord(profile, 0)))
                .isInstanceOf(RecordConversionException.class).hasMessageContaining("cheapest_hour_utc");
    }

    @Test
    void aRequiredColumnWithoutAFieldIsRejected() {
        RowConverter converter = new RowConverter("t", List.of(col("no_such_field", "String")));
        assertThatThrownBy(() -> converter.convert(sinkRecord(SampleRecords.of(Topic.SPOT_BIDS, 0), 0)))
                .isInstanceOf(RecordConversionException.class).hasMessageContaining("no_such_field");
    }

    private static TableColumn col(String name, String type) {
        return new TableColumn(name, type, false);
    }

    private static SinkRecord sinkRecord(SpecificRecord value, long offset) {
        SchemaAndValue connect = new AvroConnectData().toConnectData(value.getSchema(), value);
        return new SinkRecord("t", 0, null, "k", connect.schema(), connect.value(), offset);
    }
}
