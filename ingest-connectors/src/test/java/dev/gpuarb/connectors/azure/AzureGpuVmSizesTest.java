package dev.gpuarb.connectors.azure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gpuarb.testkit.SharedData;
import java.io.Reader;
import java.nio.file.Files;
import java.util.Locale;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;

class AzureGpuVmSizesTest {

    @Test
    void everyListedSizeResolvesToACanonicalGpu() {
        for (String size : AzureGpuVmSizes.listedSizes()) {
            assertThat(AzureGpuVmSizes.lookup("Standard_" + size)).as(size).isInstanceOf(AzureGpuVmSizes.Whole.class);
        }
    }

    @Test
    void namesCountsAndMemoryFollowTheSizeNotTheName() {
        assertThat(AzureGpuVmSizes.whole("Standard_NC24").orElseThrow().count()).isEqualTo(4);
        assertThat(AzureGpuVmSizes.whole("Standard_NC24ads_A100_v4")
                        .orElseThrow()
                        .count())
                .isEqualTo(1);
        assertThat(AzureGpuVmSizes.whole("standard_nc40ads_h100_v5")
                        .orElseThrow()
                        .gpu()
                        .model())
                .isEqualTo("H100-94GB");
        assertThat(AzureGpuVmSizes.whole("Standard_ND96asr_v4")
                        .orElseThrow()
                        .gpu()
                        .model())
                .isEqualTo("A100-40GB");
        assertThat(AzureGpuVmSizes.whole("Standard_NC6_Promo")
                        .orElseThrow()
                        .gpu()
                        .model())
                .isEqualTo("K80");
    }

    @Test
    void fractionalUnknownAndNonGpuSizesAreTold() {
        assertThat(AzureGpuVmSizes.lookup("Standard_NV4as_v4")).isInstanceOf(AzureGpuVmSizes.Fractional.class);
        assertThat(AzureGpuVmSizes.lookup("Standard_NC12zz_v9")).isInstanceOf(AzureGpuVmSizes.Unknown.class);
        assertThat(AzureGpuVmSizes.lookup("Standard_D4s_v5")).isInstanceOf(AzureGpuVmSizes.NotGpu.class);
        assertThat(AzureGpuVmSizes.lookup("Standard_NP10s")).isInstanceOf(AzureGpuVmSizes.NotGpu.class);
    }

    /** The SkyPilot Azure catalog (real data) names no size the table lacks, and agrees on the GPU family. */
    @Test
    void theRealAzureCatalogHasNoUnknownSize() throws Exception {
        int checked = 0;
        try (Reader in = Files.newBufferedReader(SharedData.require("skypilot").resolve("azure-gpu-vms.csv"))) {
            for (CSVRecord row : CSVFormat.DEFAULT
                    .builder()
                    .setHeader()
                    .setSkipHeaderRecord(true)
                    .get()
                    .parse(in)) {
                AzureGpuVmSizes.Lookup lookup = AzureGpuVmSizes.lookup(row.get("InstanceType"));
                assertThat(lookup)
                        .as(row.get("InstanceType"))
                        .isInstanceOfAny(AzureGpuVmSizes.Whole.class, AzureGpuVmSizes.Fractional.class);
                if (lookup instanceof AzureGpuVmSizes.Whole whole) {
                    String catalogGpu =
                            row.get("AcceleratorName").toUpperCase(Locale.ROOT).replace("RADEON ", "");
                    assertThat(catalogGpu)
                            .as(row.get("InstanceType"))
                            .startsWith(whole.gpus().gpu().family());
                    checked++;
                }
            }
        }
        assertThat(checked).isPositive();
    }

    @Test
    void tiersComeFromMeterAndSkuNames() {
        assertThat(AzurePriceTier.of("NC6 Spot", "NC6 Spot")).isEqualTo(AzurePriceTier.SPOT);
        assertThat(AzurePriceTier.of("NC6 Low Priority", "NC6 Low Priority")).isEqualTo(AzurePriceTier.LOW_PRIORITY);
        assertThat(AzurePriceTier.of("NC6", "NC6")).isEqualTo(AzurePriceTier.ON_DEMAND);
    }
}
