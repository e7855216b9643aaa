package dev.gpuarb.streams.validate;

import static dev.gpuarb.streams.Fixtures.gpuInstance;
import static dev.gpuarb.streams.Fixtures.minutes;
import static dev.gpuarb.streams.Fixtures.tokens;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gpuarb.avro.GpuPriceObservation;
import dev.gpuarb.avro.PricingModel;
import dev.gpuarb.avro.RejectedRecord;
import dev.gpuarb.streams.Pipeline;
import dev.gpuarb.vocab.RejectReason;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Records produced by other means than the connectors: names holding '|' would let two offers share one
 * key ("acme|x" in "us-east-1" and "acme" in "x|us-east-1"), so validation refuses them.
 */
class SeparatorInNamesTest {

    private Pipeline p;

    @BeforeEach
    void start() throws Exception {
        p = Pipeline.start();
    }

    @AfterEach
    void stop() {
        p.close();
    }

    @Test
    void gpuPricesWhoseKeysWouldCollideAreRejectedWithTheirReason() {
        GpuPriceObservation barInProvider = gpuInstance(
                        "acme|x", "us-east-1", "p5.48xlarge", PricingModel.ON_DEMAND, 8, 20.0, minutes(0))
                .build();
        GpuPriceObservation barInRegion = gpuInstance(
                        "acme", "x|us-east-1", "p5.48xlarge", PricingModel.ON_DEMAND, 8, 10.0, minutes(1))
                .build();
        assertThat(barInProvider.getOfferId())
                .as("the collision this guards against")
                .isEqualTo(barInRegion.getOfferId());
        GpuPriceObservation clean = gpuInstance(
                        "acme", "us-east-1", "p5.48xlarge", PricingModel.ON_DEMAND, 8, 16.0, minutes(2))
                .build();
        p.send(barInProvider);
        p.send(barInRegion);
        p.send(clean);

        List<RejectedRecord> rejects = p.rejected.readValuesToList();
        assertThat(rejects)
                .extracting(r -> RejectReason.valueOf(r.getReason()))
                .containsExactly(RejectReason.SEPARATOR_IN_NAME, RejectReason.SEPARATOR_IN_NAME);
        assertThat(rejects.get(0).getDetail()).startsWith("provider 'acme|x'");
        assertThat(rejects.get(1).getDetail()).startsWith("region 'x|us-east-1'");
        assertThat(p.latestGpu(barInProvider.getOfferId())).isNull();
        assertThat(p.latestGpu(clean.getOfferId()).getUsdPerHour()).isEqualTo(16.0);
    }

    @Test
    void tokenPricesWhoseKeysWouldCollideAreRejected() {
        p.send(tokens("acme|m", "x", "eu", 1.0, 2.0, minutes(0)).build());
        p.send(tokens("acme", "m|x", "eu", 1.0, 2.0, minutes(1)).build());

        assertThat(p.rejected.readValuesToList())
                .extracting(r -> RejectReason.valueOf(r.getReason()))
                .containsExactly(RejectReason.SEPARATOR_IN_NAME, RejectReason.SEPARATOR_IN_NAME);
    }
}
