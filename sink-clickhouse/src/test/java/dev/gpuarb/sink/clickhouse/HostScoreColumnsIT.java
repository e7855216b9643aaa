package dev.gpuarb.sink.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;

import com.clickhouse.client.api.query.GenericRecord;
import dev.gpuarb.avro.GpuPriceObservation;
import dev.gpuarb.avro.PricingModel;
import dev.gpuarb.sink.clickhouse.db.ClickHouseGateway;
import dev.gpuarb.topics.Topic;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A marketplace offer's reliability and DLPerf land in gpu_prices; unscored offers leave them NULL. */
class HostScoreColumnsIT {

    private static final Instant HOUR =
            Instant.now().truncatedTo(ChronoUnit.HOURS).minus(2, ChronoUnit.HOURS);
    private static ClickHouseGateway ch;

    @BeforeAll
    static void seed() {
        ch = TestClickHouse.migratedDatabase("hostscores");
        GpuPriceObservation cloud = SampleRecords.gpuPrice(
                0, HOUR.plusSeconds(60), "H100-80GB", "us-east-1", "aws", PricingModel.ON_DEMAND, 3.0);
        GpuPriceObservation vast = GpuPriceObservation.newBuilder(cloud)
                .setOfferId("vast|texas-us||machine-7-1x|MARKETPLACE")
                .setProvider("vast")
                .setRegion("texas-us")
                .setInstanceType("machine-7-1x")
                .setPricingModel(PricingModel.MARKETPLACE)
                .setObservedAt(HOUR.plusSeconds(120))
                .setReliability(0.9981)
                .setDlperf(64.3)
                .build();
        Seeder.insert(ch, Topic.GPU_PRICES, List.of(cloud, vast));
    }

    @AfterAll
    static void close() {
        ch.close();
    }

    @Test
    void scoresAreStoredAndUnscoredOffersAreNull() {
        List<GenericRecord> rows =
                ch.query("SELECT provider, reliability, dlperf FROM gpu_prices ORDER BY observed_at");
        assertThat(rows).hasSize(2);
        assertThat(rows.get(0).getString("provider")).isEqualTo("aws");
        assertThat(rows.get(0).getObject("reliability")).isNull();
        assertThat(rows.get(0).getObject("dlperf")).isNull();
        assertThat(rows.get(1).getString("provider")).isEqualTo("vast");
        assertThat(rows.get(1).getDouble("reliability")).isEqualTo(0.9981);
        assertThat(rows.get(1).getDouble("dlperf")).isEqualTo(64.3);
    }
}
