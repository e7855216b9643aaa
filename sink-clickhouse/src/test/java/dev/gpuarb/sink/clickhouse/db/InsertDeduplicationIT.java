package dev.gpuarb.sink.clickhouse.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gpuarb.avro.GpuPriceObservation;
import dev.gpuarb.avro.PricingModel;
import dev.gpuarb.connect.AvroConnectData;
import dev.gpuarb.sink.clickhouse.SampleRecords;
import dev.gpuarb.sink.clickhouse.TestClickHouse;
import dev.gpuarb.sink.clickhouse.convert.RowConverter;
import dev.gpuarb.sink.clickhouse.state.ClickHouseStateStore;
import dev.gpuarb.sink.clickhouse.state.PartitionState;
import dev.gpuarb.sink.clickhouse.state.Phase;
import java.io.ByteArrayOutputStream;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;

/** What exactly-once relies on in ClickHouse itself, checked against the engine. */
class InsertDeduplicationIT {

    @Test
    void aRetriedBatchWithTheSameTokenIsDroppedAndSkipsTheOhlcAggregate() {
        try (ClickHouseGateway ch = TestClickHouse.migratedDatabase("dedup")) {
            RowConverter converter = new RowConverter("gpu_prices", TableColumns.of(ch, "gpu_prices"));
            List<String> columns = converter.columnNames();
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            body.writeBytes(row(converter, 0, 2.0));
            body.writeBytes(row(converter, 1, 2.5));
            byte[] rows = body.toByteArray();
            ch.insertRows("gpu_prices", columns, rows, "prices.gpu-0-0-1");
            ch.insertRows("gpu_prices", columns, rows, "prices.gpu-0-0-1");
            assertThat(TestClickHouse.count(ch, "SELECT count() FROM " + ch.database() + ".gpu_prices"))
                    .isEqualTo(2);
            // The materialized view's target drops the retried block too: it counts two observations.
            assertThat(TestClickHouse.count(ch, "SELECT sum(samples) FROM " + ch.database() + ".gpu_prices_ohlc_1h"))
                    .isEqualTo(2);

            ch.insertRows("gpu_prices", columns, rows, "prices.gpu-0-2-3");
            assertThat(TestClickHouse.count(ch, "SELECT count() FROM " + ch.database() + ".gpu_prices"))
                    .isEqualTo(4);
            double high = ch.query("SELECT max(high) FROM " + ch.database() + ".gpu_prices_ohlc_1h")
                    .get(0)
                    .getDouble(1);
            assertThat(high).isEqualTo(2.5);
        }
    }

    @Test
    void theStateStoreReturnsTheNewestTransition() {
        try (ClickHouseGateway ch = TestClickHouse.migratedDatabase("state")) {
            ClickHouseStateStore store = new ClickHouseStateStore(ch, "c1");
            assertThat(store.read("t", 0)).isEmpty();
            store.write(new PartitionState("t", 0, 0, 0, 9, Phase.BEFORE, ""));
            store.write(new PartitionState("t", 0, 0, 0, 9, Phase.AFTER, ""));
            store.write(new PartitionState("t", 0, 0, 10, 19, Phase.BEFORE, ""));
            store.write(new PartitionState("t", 0, 0, 0, 9, Phase.AFTER, "")); // a late repeat must not win
            assertThat(store.read("t", 0)).contains(new PartitionState("t", 0, 0, 10, 19, Phase.BEFORE, ""));
            assertThat(new ClickHouseStateStore(ch, "other").read("t", 0)).isEmpty();
            // A recreated log (epoch 1) starts again at low offsets and still wins over the old log's state.
            store.write(new PartitionState("t", 0, 1, 0, 4, Phase.AFTER, "t1/kabc"));
            assertThat(store.read("t", 0)).contains(new PartitionState("t", 0, 1, 0, 4, Phase.AFTER, "t1/kabc"));
            store.write(new PartitionState("t", 0, 0, 20, 29, Phase.AFTER, "")); // a late write of the old log
            assertThat(store.read("t", 0))
                    .get()
                    .extracting(PartitionState::epoch)
                    .isEqualTo(1);
        }
    }

    @Test
    void unavailableClickHouseIsTransientAndABadStatementIsNot() {
        ClickHouseGateway nowhere = new ClickHouseGateway(
                new ClickHouseSettings("http://127.0.0.1:1", "default", "", "x", java.time.Duration.ofSeconds(2)));
        assertThatThrownBy(() -> nowhere.query("SELECT 1"))
                .isInstanceOfSatisfying(
                        ClickHouseException.class,
                        e -> assertThat(e.isTransient()).isTrue());
        nowhere.close();
        try (ClickHouseGateway ch = TestClickHouse.gateway("default")) {
            assertThatThrownBy(() -> ch.query("SELEC 1"))
                    .isInstanceOfSatisfying(
                            ClickHouseException.class,
                            e -> assertThat(e.isTransient()).isFalse());
        }
    }

    private static byte[] row(RowConverter converter, int offset, double price) {
        GpuPriceObservation v = SampleRecords.gpuPrice(
                offset,
                Instant.parse("2025-03-01T00:00:00Z").plusSeconds(offset),
                "H100-80GB",
                "us-east-1",
                "aws",
                PricingModel.SPOT,
                price);
        SchemaAndValue connect = new AvroConnectData().toConnectData(v.getSchema(), v);
        return converter.convert(
                new SinkRecord("prices.gpu", 0, null, null, connect.schema(), connect.value(), offset));
    }
}
