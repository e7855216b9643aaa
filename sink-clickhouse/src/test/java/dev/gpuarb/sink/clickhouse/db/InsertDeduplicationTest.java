package dev.gpuarb.sink.clickhouse.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gpuarb.sink.clickhouse.TestClickHouse;
import dev.gpuarb.sink.clickhouse.state.ClickHouseStateStore;
import dev.gpuarb.sink.clickhouse.state.PartitionState;
import dev.gpuarb.sink.clickhouse.state.Phase;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** What exactly-once relies on in ClickHouse itself, checked against the engine. */
class InsertDeduplicationTest {

    @Test
    void aRetriedBatchWithTheSameTokenIsDroppedAndSkipsTheOhlcView() {
        try (ClickHouseGateway ch = TestClickHouse.migratedDatabase("dedup")) {
            byte[] rows = (row(0, 2.0) + row(1, 2.5)).getBytes(StandardCharsets.UTF_8);
            ch.insertJsonEachRow("gpu_prices", rows, "prices.gpu-0-0-1");
            ch.insertJsonEachRow("gpu_prices", rows, "prices.gpu-0-0-1");
            assertThat(TestClickHouse.count(ch, "SELECT count() FROM " + ch.database() + ".gpu_prices")).isEqualTo(2);
            assertThat(TestClickHouse.count(ch, "SELECT sum(samples) FROM " + ch.database() + ".gpu_ohlc_hourly"))
                    .isEqualTo(2);

            ch.insertJsonEachRow("gpu_prices", rows, "prices.gpu-0-2-3");
            assertThat(TestClickHouse.count(ch, "SELECT count() FROM " + ch.database() + ".gpu_prices")).isEqualTo(4);
            double high = ch.query("SELECT max(high) FROM " + ch.database() + ".gpu_ohlc_hourly").get(0).getDouble(1);
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
            assertThat(store.read("t", 0)).get().extracting(PartitionState::epoch).isEqualTo(1);
        }
    }

    @Test
    void unavailableClickHouseIsTransientAndABadStatementIsNot() {
        ClickHouseGateway nowhere = new ClickHouseGateway(new ClickHouseSettings("http://127.0.0.1:1", "default", "",
                "x", java.time.Duration.ofSeconds(2)));
        assertThatThrownBy(() -> nowhere.query("SELECT 1"))
                .isInstanceOfSatisfying(ClickHouseException.class, e -> assertThat(e.isTransient()).isTrue());
        nowhere.close();
        try (ClickHouseGateway ch = TestClickHouse.gateway("default")) {
            assertThatThrownBy(() -> ch.query("SELEC 1"))
                    .isInstanceOfSatisfying(ClickHouseException.class, e -> assertThat(e.isTransient()).isFalse());
        }
    }

    private static String row(int offset, double price) {
        return "{\"offer_id\":\"aws|us-east-1||p5|SPOT\",\"provider\":\"aws\",\"region\":\"us-east-1\",\"zone\":null,"
                + "\"instance_type\":\"p5.48xlarge\",\"gpu_model\":\"H100-80GB\",\"gpu_count\":8,\"gpu_memory_gb\":80,"
                + "\"pricing_model\":\"SPOT\",\"usd_per_hour\":" + price * 8 + ",\"usd_per_gpu_hour\":" + price + ","
                + "\"currency\":\"USD\",\"original_amount\":" + price * 8 + ",\"observed_at\":\"2025-03-01 00:00:0"
                + offset + ".000\",\"source\":\"t\",\"compliance_tags\":[],\"attributes\":{},"
                + "\"_topic\":\"prices.gpu\",\"_partition\":0,\"_offset\":" + offset + "}\n";
    }
}
