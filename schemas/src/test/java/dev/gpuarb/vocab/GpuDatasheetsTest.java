package dev.gpuarb.vocab;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class GpuDatasheetsTest {

    @Test
    void everyRowIsACanonicalModelWithSaneFigures() {
        assertThat(GpuDatasheets.all()).hasSizeGreaterThan(20);
        for (GpuDatasheet row : GpuDatasheets.all()) {
            assertThat(GpuModels.byCanonicalName(row.model())).as(row.model()).isPresent();
            assertThat(row.source()).isNotBlank();
            // fp8 runs at twice the bf16 rate on every part that has it.
            row.denseFp8Tflops()
                    .ifPresent(fp8 -> assertThat(fp8)
                            .as(row.model())
                            .isBetween(1.99 * row.denseBf16Tflops(), 2.03 * row.denseBf16Tflops()));
        }
    }

    @Test
    void spotChecksAgainstTheDatasheets() {
        GpuDatasheet h200 =
                GpuDatasheets.of("H200", Optional.of(GpuFormFactor.SXM)).orElseThrow();
        assertThat(h200.memoryBandwidthGBps()).isEqualTo(4800);
        assertThat(h200.denseBf16Tflops()).isEqualTo(989.5);
        assertThat(GpuDatasheets.of("A100-80GB", Optional.of(GpuFormFactor.SXM))
                        .orElseThrow()
                        .denseFp8Tflops())
                .isEmpty();
        assertThat(GpuDatasheets.of("L4").orElseThrow().memoryBandwidthGBps()).isEqualTo(300);
        assertThat(GpuDatasheets.of("MI300X").orElseThrow().denseBf16Tflops()).isEqualTo(1307.4);
    }

    @Test
    void anUnknownBoardGetsTheSlowerOne() {
        assertThat(GpuDatasheets.of("H100-80GB"))
                .get()
                .extracting(GpuDatasheet::formFactor)
                .isEqualTo(GpuFormFactor.PCIE);
        assertThat(GpuDatasheets.of("H200"))
                .get()
                .extracting(GpuDatasheet::formFactor)
                .isEqualTo(GpuFormFactor.NVL);
        assertThat(GpuDatasheets.of("A100-80GB"))
                .get()
                .extracting(GpuDatasheet::formFactor)
                .isEqualTo(GpuFormFactor.PCIE);
        // A board the model is not sold on: same answer as unknown.
        assertThat(GpuDatasheets.of("H100-80GB", Optional.of(GpuFormFactor.NVL)))
                .isEqualTo(GpuDatasheets.of("H100-80GB"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"A10G", "T4", "V100-16GB", "H800", "B300", "RTXPRO6000", "GAUDI2", "NOT-A-GPU"})
    void modelsWithoutADatasheetFigureHaveNone(String model) {
        assertThat(GpuDatasheets.of(model)).isEmpty();
    }

    @ParameterizedTest(name = "{0} -> {1} {2}")
    @CsvSource(
            delimiter = '|',
            value = {
                "NVIDIA H100 80GB HBM3   | H100-80GB | SXM",
                "H100 SXM5               | H100-80GB | SXM",
                "NVIDIA H100 PCIe        | H100-80GB | PCIE",
                "H100-NVL                | H100-94GB | NVL",
                "H100                    | H100-80GB | PCIE",
                "A100-SXM4-80GB          | A100-80GB | SXM",
                "A100 80GB PCIe          | A100-80GB | PCIE",
                "NVIDIA H200 NVL         | H200      | NVL",
                "H200                    | H200      | NVL",
                "L40S                    | L40S      | PCIE",
            })
    void providerNamesFindTheirBoard(String name, String model, GpuFormFactor board) {
        assertThat(GpuDatasheets.forProviderName(name, OptionalDouble.empty())).hasValueSatisfying(row -> {
            assertThat(row.model()).isEqualTo(model);
            assertThat(row.formFactor()).isEqualTo(board);
        });
    }

    @Test
    void formFactorIsReadOnlyWhenStated() {
        assertThat(GpuFormFactor.fromName("H100-NVLINK")).isEmpty();
        assertThat(GpuFormFactor.fromName("A100 80GB HBM3")).isEmpty();
        assertThat(GpuFormFactor.fromName("")).isEmpty();
        assertThat(GpuFormFactor.fromName(null)).isEmpty();
    }

    @Test
    void theVocabularyListsEveryCanonicalModel() {
        assertThat(GpuModels.all())
                .extracting(GpuSpec::model)
                .contains("H100-80GB", "H100-94GB", "A100-40GB", "A100-80GB", "H200", "L4", "MI300X", "A10G")
                .doesNotHaveDuplicates();
    }
}
