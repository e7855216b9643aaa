package dev.gpuarb.streams.validate;

import static dev.gpuarb.streams.Fixtures.gpu;
import static dev.gpuarb.streams.Fixtures.gpuInstance;
import static dev.gpuarb.streams.Fixtures.minutes;
import static dev.gpuarb.streams.Fixtures.tokens;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import dev.gpuarb.avro.GpuPriceObservation;
import dev.gpuarb.avro.PricingModel;
import dev.gpuarb.avro.TokenPriceObservation;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A price already in normal form (what the connectors send) passes as it is; one that is not comes out
 * as a normalised copy, the input left unchanged.
 */
class NormalisedPricesTest {

    private static final Limits LIMITS =
            new Limits(0.01, 1_000, 1e-6, 2_000, 0.01, 64, Duration.ofMinutes(5), Map.of("EUR", 1.1));
    private static final Clock CLOCK = Clock.fixed(minutes(60), ZoneOffset.UTC);

    private final GpuPriceValidator gpus = new GpuPriceValidator(LIMITS, CLOCK);
    private final TokenPriceValidator tokenPrices = new TokenPriceValidator(LIMITS, CLOCK);

    @Test
    void aNormalGpuPriceIsPassedOnWithoutACopy() {
        GpuPriceObservation in = gpu("aws", "us-east-1", PricingModel.SPOT, 2.5, minutes(0))
                .setZone("us-east-1a")
                .build();
        assertThat(gpus.validate(in).value()).isSameAs(in);
    }

    @Test
    void eachFieldOutOfNormalFormGivesANormalisedCopy() {
        GpuPriceObservation normal = gpu("aws", "us-east-1", PricingModel.SPOT, 2.5, minutes(0))
                .setZone("us-east-1a")
                .build();
        Map<String, GpuPriceObservation> cases = Map.of(
                "provider",
                        GpuPriceObservation.newBuilder(normal)
                                .setProvider("AWS")
                                .build(),
                "region",
                        GpuPriceObservation.newBuilder(normal)
                                .setRegion(" us-east-1")
                                .build(),
                "zone",
                        GpuPriceObservation.newBuilder(normal)
                                .setZone("US-EAST-1A")
                                .build(),
                "blank zone",
                        GpuPriceObservation.newBuilder(normal).setZone(" ").build(),
                "currency",
                        GpuPriceObservation.newBuilder(normal)
                                .setCurrency("usd")
                                .build(),
                "per-GPU price",
                        GpuPriceObservation.newBuilder(normal)
                                .setUsdPerGpuHour(20.0)
                                .build());
        cases.forEach((field, in) -> {
            GpuPriceObservation before = GpuPriceObservation.newBuilder(in).build();
            GpuPriceObservation out = gpus.validate(in).value();
            assertThat(out).as(field).isNotSameAs(in);
            assertThat(in).as(field + ": the input is left as it was").isEqualTo(before);
            assertThat(out.getProvider()).as(field).isEqualTo("aws");
            assertThat(out.getRegion()).as(field).isEqualTo("us-east-1");
            assertThat(out.getZone()).as(field).isEqualTo(field.equals("blank zone") ? null : "us-east-1a");
            assertThat(out.getCurrency()).as(field).isEqualTo("USD");
            assertThat(out.getUsdPerGpuHour()).as(field).isEqualTo(2.5);
        });
    }

    @Test
    void aConvertedPriceIsACopyWithItsUsdFigures() {
        GpuPriceObservation in = gpuInstance("ovh", "gra", "h100-1", PricingModel.ON_DEMAND, 1, 0.0, minutes(0))
                .setCurrency("EUR")
                .setOriginalAmount(2.0)
                .setUsdPerGpuHour(0.0)
                .build();
        GpuPriceObservation out = gpus.validate(in).value();
        assertThat(out).isNotSameAs(in);
        assertThat(out.getUsdPerHour()).isEqualTo(2.0 * 1.1);
        assertThat(in.getUsdPerHour()).isZero();
    }

    @Test
    void aNormalTokenPriceIsPassedOnWithoutACopy() {
        TokenPriceObservation in = tokens("openai", "gpt-4o", "us", 2.5, 10.0, minutes(0))
                .setUsdPerMillionCachedInput(1.25)
                .build();
        assertThat(tokenPrices.validate(in).value()).isSameAs(in);
    }

    @Test
    void aTokenPriceOutOfNormalFormGivesANormalisedCopy() {
        TokenPriceObservation normal =
                tokens("openai", "gpt-4o", null, 2.5, 10.0, minutes(0)).build();
        Map<String, TokenPriceObservation> cases = Map.of(
                "provider",
                        TokenPriceObservation.newBuilder(normal)
                                .setProvider("OpenAI")
                                .build(),
                "model",
                        TokenPriceObservation.newBuilder(normal)
                                .setModel("GPT-4o")
                                .build(),
                "blank region",
                        TokenPriceObservation.newBuilder(normal).setRegion("").build(),
                "per-token input",
                        TokenPriceObservation.newBuilder(normal)
                                .setUsdPerMillionInput(2.5e-6)
                                .build());
        cases.forEach((field, in) -> {
            TokenPriceObservation before = TokenPriceObservation.newBuilder(in).build();
            TokenPriceObservation out = tokenPrices.validate(in).value();
            assertThat(out).as(field).isNotSameAs(in);
            assertThat(in).as(field + ": the input is left as it was").isEqualTo(before);
            assertThat(out.getProvider()).as(field).isEqualTo("openai");
            assertThat(out.getModel()).as(field).isEqualTo("gpt-4o");
            assertThat(out.getRegion()).as(field).isNull();
            assertThat(out.getUsdPerMillionInput()).as(field).isCloseTo(2.5, offset(1e-9));
        });
    }
}
