package dev.gpuarb.connectors.skypilot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gpuarb.avro.GpuPriceObservation;
import dev.gpuarb.avro.PricingModel;
import dev.gpuarb.connectors.core.ParseResult;
import dev.gpuarb.connectors.core.PriceLimits;
import dev.gpuarb.vocab.CurrencyRates;
import dev.gpuarb.vocab.RejectReason;
import java.io.StringReader;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Edge cases of pairing GCP accelerators with host VMs, on made-up rows in GCP's layout. */
class GcpHostPairingTest {

    private static final String HEADER =
            "InstanceType,vCPUs,MemoryGiB,AcceleratorName,AcceleratorCount,GpuInfo,Region,AvailabilityZone,Price,SpotPrice\n";

    @Test
    void aHostWithoutASpotPriceGivesTheMachineNoSpotPriceAndSaysWhy() {
        ParseResult result = parse(HEADER
                + ",,,T4,1,,us-east1,us-east1-b,0.35,0.14\n"
                + "n1-standard-4,4.0,15.0,,,,us-east1,us-east1-b,0.19,0.04\n" // 15 GiB: too little memory
                + "n1-highmem-4,4.0,26.0,,,,us-east1,us-east1-b,0.25,\n");
        assertThat(result.accepted()).singleElement().satisfies(item -> {
            GpuPriceObservation o = (GpuPriceObservation) item.value();
            assertThat(o.getInstanceType()).isEqualTo("n1-highmem-4+T4x1");
            assertThat(o.getPricingModel()).isEqualTo(PricingModel.ON_DEMAND);
            assertThat(o.getUsdPerHour()).isEqualTo(0.35 + 0.25);
        });
        assertThat(result.rejected()).singleElement().satisfies(r -> {
            assertThat(r.reason()).isEqualTo(RejectReason.NO_HOST_VM);
            assertThat(r.location()).isEqualTo("gcp.csv:2 (SpotPrice)");
            assertThat(r.detail()).contains("n1-highmem-4").contains("no");
        });
    }

    @Test
    void aGpuCountNoMachineCarriesAndAHostInAnotherZoneAreBothRejected() {
        ParseResult result = parse(HEADER
                + ",,,T4,8,,us-east1,us-east1-b,2.8,1.12\n"
                + ",,,A100,1,,us-east1,us-east1-c,2.93,1.14\n"
                + "a2-highgpu-1g,12.0,85.0,,,,us-east1,us-east1-b,0.74,0.3\n"
                + "n1-standard-96,96.0,360.0,,,,us-east1,us-east1-b,4.56,1.0\n");
        assertThat(result.accepted()).isEmpty();
        assertThat(result.rejected())
                .hasSize(2)
                .allSatisfy(r -> assertThat(r.reason()).isEqualTo(RejectReason.NO_HOST_VM));
        assertThat(result.rejected().get(0).detail()).contains("8 x T4");
        assertThat(result.rejected().get(1).detail()).contains("us-east1-c").contains("a2-highgpu-1g");
    }

    @Test
    void aZeroAcceleratorPriceIsNotHiddenByTheHostPrice() {
        ParseResult result = parse(HEADER
                + ",,,A100,1,,us-east1,us-east1-b,0,\n"
                + "a2-highgpu-1g,12.0,85.0,,,,us-east1,us-east1-b,0.74,0.3\n");
        assertThat(result.accepted()).isEmpty();
        assertThat(result.rejected())
                .singleElement()
                .satisfies(r -> assertThat(r.reason()).isEqualTo(RejectReason.ZERO_PRICE));
    }

    private static ParseResult parse(String csv) {
        return new SkyPilotCatalogParser(CurrencyRates.defaults(), PriceLimits.defaults(), Set.of())
                .parse(new StringReader(csv), "gcp", "gcp.csv", Instant.parse("2026-01-01T00:00:00Z"));
    }
}
