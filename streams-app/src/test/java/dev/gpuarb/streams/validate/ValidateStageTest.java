package dev.gpuarb.streams.validate;

import static dev.gpuarb.streams.Fixtures.gpu;
import static dev.gpuarb.streams.Fixtures.gpuInstance;
import static dev.gpuarb.streams.Fixtures.minutes;
import static dev.gpuarb.streams.Fixtures.tokens;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.gpuarb.avro.GpuPriceObservation;
import dev.gpuarb.avro.PricingModel;
import dev.gpuarb.avro.RejectedRecord;
import dev.gpuarb.avro.TokenPriceObservation;
import dev.gpuarb.streams.Pipeline;
import dev.gpuarb.streams.routing.LatestOffersStage;
import dev.gpuarb.vocab.CurrencyRates;
import dev.gpuarb.vocab.RejectReason;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ValidateStageTest {

    private Pipeline p;

    @BeforeEach
    void start() throws Exception {
        p = Pipeline.start();
    }

    @AfterEach
    void stop() {
        p.close();
    }

    private GpuPriceObservation latestGpu(String offerId) {
        return p.latestGpu(offerId);
    }

    @Test
    void validPriceIsNormalisedAndKeptAsLatestOffer() {
        GpuPriceObservation o = gpu("AWS ", "US-East-1", PricingModel.ON_DEMAND, 4.0, minutes(0))
                .setZone("  ")
                .build();
        p.send(o);

        GpuPriceObservation kept = latestGpu(o.getOfferId());
        assertThat(kept.getProvider()).isEqualTo("aws");
        assertThat(kept.getRegion()).isEqualTo("us-east-1");
        assertThat(kept.getZone()).isNull();
        assertThat(p.rejected.isEmpty()).isTrue();
    }

    @Test
    void inconsistentPerGpuPriceIsRecomputedFromInstancePrice() {
        GpuPriceObservation o = gpuInstance(
                        "aws", "us-east-1", "p4d.24xlarge", PricingModel.ON_DEMAND, 8, 32.0, minutes(0))
                .setUsdPerGpuHour(32.0) // the whole-instance price put in the per-GPU field
                .build();
        p.send(o);

        assertThat(latestGpu(o.getOfferId()).getUsdPerGpuHour()).isEqualTo(4.0);
    }

    @Test
    void nonUsdPriceWithoutUsdFigureIsConvertedWithTheConfiguredRate() {
        GpuPriceObservation o = gpuInstance("ovh", "gra", "h100-1", PricingModel.ON_DEMAND, 1, 0.0, minutes(0))
                .setCurrency("eur")
                .setOriginalAmount(2.5)
                .setUsdPerGpuHour(Double.NaN)
                .build();
        p.send(o);

        GpuPriceObservation kept = latestGpu(o.getOfferId());
        double eurRate = CurrencyRates.DEFAULT_USD_PER_UNIT.get("EUR"); // no override: the shared table
        assertThat(kept.getUsdPerHour()).isCloseTo(2.5 * eurRate, within(1e-9));
        assertThat(kept.getUsdPerGpuHour()).isCloseTo(2.5 * eurRate, within(1e-9));
        assertThat(kept.getCurrency()).isEqualTo("EUR");
        assertThat(kept.getOriginalAmount()).isEqualTo(2.5);
    }

    @Test
    void unknownCurrencyWithoutUsdFigureIsRejected() {
        p.send(gpuInstance("x", "r", "t", PricingModel.ON_DEMAND, 1, Double.NaN, minutes(0))
                .setCurrency("XYZ")
                .setOriginalAmount(3)
                .build());

        assertThat(p.rejected.readValue().getReason()).isEqualTo(RejectReason.UNKNOWN_CURRENCY.name());
    }

    @Test
    void rejectsCarryReasonDetailAndLocation() {
        p.send(gpu("aws", "us-east-1", PricingModel.SPOT, 1, minutes(0))
                .setUsdPerHour(Double.NaN)
                .build());
        p.send(gpu("aws", "us-east-1", PricingModel.SPOT, 1, minutes(1))
                .setUsdPerHour(-3)
                .build());
        p.send(gpu("aws", "us-east-1", PricingModel.SPOT, 1, minutes(2))
                .setUsdPerHour(8000)
                .setUsdPerGpuHour(1000)
                .build());
        p.send(gpu("aws", " ", PricingModel.SPOT, 1, minutes(3)).build());
        p.send(gpu("aws", "us-east-1", PricingModel.SPOT, 1, minutes(4))
                .setGpuCount(0)
                .build());

        var rejects = p.rejected.readRecordsToList();
        assertThat(rejects)
                .extracting(r -> RejectReason.valueOf(r.value().getReason()))
                .containsExactly(
                        RejectReason.NAN_PRICE,
                        RejectReason.NEGATIVE_PRICE,
                        RejectReason.ABSURD_PRICE,
                        RejectReason.MISSING_FIELD,
                        RejectReason.BAD_GPU_COUNT);
        TestRecord<String, RejectedRecord> first = rejects.get(0);
        assertThat(first.key()).isEqualTo(ValidateStage.SOURCE);
        assertThat(first.value().getLocation()).isEqualTo("prices.gpu-0@0");
        assertThat(first.value().getDetail()).contains("usdPerHour");
        assertThat(first.value().getRawExcerpt()).contains("p5.48xlarge");
        assertThat(first.value().getRejectedAt()).isEqualTo(minutes(0));
        assertThat(rejects.get(3).value().getDetail()).contains("region");
    }

    @Test
    void outOfOrderOlderPriceDoesNotReplaceNewerOne() {
        p.send(gpu("aws", "us-east-1", PricingModel.SPOT, 2.0, minutes(10)).build());
        GpuPriceObservation older =
                gpu("aws", "us-east-1", PricingModel.SPOT, 1.0, minutes(5)).build();
        p.send(older);

        assertThat(latestGpu(older.getOfferId()).getUsdPerGpuHour()).isEqualTo(2.0);
    }

    @Test
    void perTokenPricesAreScaledToPerMillion() {
        TokenPriceObservation o =
                tokens("OpenAI", "GPT-4o", null, 0.0000025, 10.0, minutes(0)).build();
        p.send(o);

        KeyValueStore<String, ValueAndTimestamp<TokenPriceObservation>> store =
                p.driver.getTimestampedKeyValueStore(LatestOffersStage.OFFERS_TOKENS_STORE);
        TokenPriceObservation kept = store.get(o.getOfferId()).value();
        assertThat(kept.getUsdPerMillionInput()).isCloseTo(2.5, within(1e-9));
        assertThat(kept.getUsdPerMillionOutput()).isEqualTo(10.0);
        assertThat(kept.getModel()).isEqualTo("gpt-4o");
        assertThat(kept.getProvider()).isEqualTo("openai");
    }

    @Test
    void tokenPricesThatCannotBeRightAreRejected() {
        p.send(tokens("openai", "gpt-4o", null, 0, 0, minutes(0)).build());
        p.send(tokens("openai", "gpt-4o", null, -1, 3, minutes(1)).build());
        p.send(tokens("openai", "gpt-4o", null, 5000, 3, minutes(2)).build());

        assertThat(p.rejected.readValuesToList())
                .extracting(r -> RejectReason.valueOf(r.getReason()))
                .containsExactly(RejectReason.ZERO_PRICE, RejectReason.NEGATIVE_PRICE, RejectReason.ABSURD_PRICE);
    }
}
