package dev.gpuarb.sink.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;

import com.clickhouse.client.api.query.GenericRecord;
import dev.gpuarb.avro.GpuPriceObservation;
import dev.gpuarb.avro.PricingModel;
import dev.gpuarb.avro.TokenPriceObservation;
import dev.gpuarb.sink.clickhouse.db.ClickHouseGateway;
import dev.gpuarb.topics.Topic;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Deadlines and withdrawals land in the price tables, and the hourly OHLC views count prices only. */
class OfferLivenessColumnsIT {

    private static final Instant HOUR =
            Instant.now().truncatedTo(ChronoUnit.HOURS).minus(3, ChronoUnit.HOURS);
    private static ClickHouseGateway ch;

    @BeforeAll
    static void seed() {
        ch = TestClickHouse.migratedDatabase("liveness");
        GpuPriceObservation first = SampleRecords.gpuPrice(
                0, HOUR.plusSeconds(60), "H100-80GB", "us-east-1", "aws", PricingModel.ON_DEMAND, 3.0);
        GpuPriceObservation second = GpuPriceObservation.newBuilder(first)
                .setUsdPerGpuHour(2.5)
                .setUsdPerHour(20.0)
                .setObservedAt(HOUR.plusSeconds(600))
                .setValidUntil(HOUR.plusSeconds(4200))
                .build();
        // A withdrawal repeats the last price; a different one here shows whether the views counted it.
        GpuPriceObservation withdrawal = GpuPriceObservation.newBuilder(second)
                .setUsdPerGpuHour(9.0)
                .setUsdPerHour(72.0)
                .setObservedAt(HOUR.plusSeconds(1200))
                .setValidUntil(null)
                .setWithdrawn(true)
                .build();
        Seeder.insert(ch, Topic.GPU_PRICES, List.of(first, second, withdrawal));

        TokenPriceObservation price = TokenPriceObservation.newBuilder()
                .setOfferId("openai|gpt-4o|")
                .setProvider("openai")
                .setModel("gpt-4o")
                .setProviderModelId("gpt-4o")
                .setUsdPerMillionInput(2.0)
                .setUsdPerMillionOutput(8.0)
                .setObservedAt(HOUR.plusSeconds(60))
                .setValidUntil(HOUR.plusSeconds(3660))
                .setSource("test")
                .build();
        TokenPriceObservation gone = TokenPriceObservation.newBuilder(price)
                .setUsdPerMillionInput(50.0)
                .setObservedAt(HOUR.plusSeconds(120))
                .setValidUntil(null)
                .setWithdrawn(true)
                .build();
        Seeder.insert(ch, Topic.TOKEN_PRICES, List.of(price, gone));
    }

    @AfterAll
    static void close() {
        ch.close();
    }

    @Test
    void gpuRowsKeepTheDeadlineAndTheWithdrawal() {
        List<GenericRecord> rows =
                ch.query("SELECT usd_per_gpu_hour, valid_until, withdrawn FROM gpu_prices ORDER BY observed_at");
        assertThat(rows).hasSize(3);
        assertThat(rows.get(0).getObject("valid_until")).isNull();
        assertThat(rows.get(1).getZonedDateTime("valid_until").toInstant()).isEqualTo(HOUR.plusSeconds(4200));
        assertThat(rows.get(1).getBoolean("withdrawn")).isFalse();
        assertThat(rows.get(2).getBoolean("withdrawn")).isTrue();
    }

    @Test
    void hourlyOhlcLeavesWithdrawalsOut() {
        List<GenericRecord> gpu = ch.query("SELECT open, high, low, close, samples FROM gpu_ohlc_hourly");
        assertThat(gpu).hasSize(1);
        assertThat(gpu.get(0).getDouble("open")).isEqualTo(3.0);
        assertThat(gpu.get(0).getDouble("high")).isEqualTo(3.0);
        assertThat(gpu.get(0).getDouble("low")).isEqualTo(2.5);
        assertThat(gpu.get(0).getDouble("close")).isEqualTo(2.5);
        assertThat(gpu.get(0).getLong("samples")).isEqualTo(2);

        List<GenericRecord> tokens = ch.query("SELECT high, samples FROM token_ohlc_hourly");
        assertThat(tokens).hasSize(1);
        assertThat(tokens.get(0).getDouble("high")).isEqualTo((3 * 2.0 + 8.0) / 4);
        assertThat(tokens.get(0).getLong("samples")).isEqualTo(1);
        assertThat(TestClickHouse.count(ch, "SELECT count() FROM token_prices WHERE withdrawn"))
                .isEqualTo(1);
    }
}
