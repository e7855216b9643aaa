package dev.gpuarb.vocab;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GpuModelsTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "NVIDIA H100 80GB HBM3 | H100-80GB | 80",
                "H100-80GB             | H100-80GB | 80",
                "H100 SXM              | H100-80GB | 80",
                "NVIDIA-H100-80GB-HBM3 | H100-80GB | 80",
                "H100-MEGA             | H100-80GB | 80",
                "H100-NVLINK           | H100-80GB | 80",
                "H100-NVL              | H100-94GB | 94",
                "A100                  | A100-40GB | 40",
                "A100-80GB-SXM         | A100-80GB | 80",
                "A100_80G              | A100-80GB | 80",
                "V100_32G              | V100-32GB | 32",
                "Tesla-T4              | T4        | 16",
                "L40s                  | L40S      | 48",
                "RTX 3060 Ti           | RTX3060TI | 8",
                "RTX6000Ada            | RTX6000-ADA | 48",
                "RTX6000-Ada           | RTX6000-ADA | 48",
                "RTX6000               | RTX6000   | 24",
                "A6000                 | RTXA6000  | 48",
                "RTX PRO 6000 Blackwell| RTXPRO6000 | 96",
                "NVIDIA-GeForce-RTX-4090 | RTX4090 | 24",
                "Radeon Pro V520       | V520      | 8",
                "Radeon MI25           | MI25      | 16",
                "MI300X                | MI300X    | 192",
                "GAUDI2                | GAUDI2    | 96",
            })
    void resolvesProviderNamesToOneCanonicalModel(String name, String model, int memory) {
        assertThat(GpuModels.resolve(name)).hasValueSatisfying(spec -> {
            assertThat(spec.model()).isEqualTo(model);
            assertThat(spec.memoryGb()).isEqualTo(memory);
        });
    }

    @Test
    void memoryHintPicksTheSizeOnlyWhenItIsClose() {
        assertThat(GpuModels.resolve("A100", OptionalDouble.of(80.0)))
                .get()
                .extracting(GpuSpec::model)
                .isEqualTo("A100-80GB");
        assertThat(GpuModels.resolve("H100", OptionalDouble.of(94.0)))
                .get()
                .extracting(GpuSpec::model)
                .isEqualTo("H100-94GB");
        // 23 GiB is near neither 16 nor 32: fall back to the family default.
        assertThat(GpuModels.resolve("V100", OptionalDouble.of(23.0)))
                .get()
                .extracting(GpuSpec::model)
                .isEqualTo("V100-16GB");
    }

    @Test
    void unknownNamesAndImpossibleSizesResolveToEmpty() {
        assertThat(GpuModels.resolve("Quantum Flux 9000")).isEmpty();
        assertThat(GpuModels.resolve("")).isEmpty();
        assertThat(GpuModels.resolve(null)).isEmpty();
        assertThat(GpuModels.resolve("A100-300GB")).isEmpty();
    }

    @Test
    void awsInstanceTypesCarryModelAndCount() {
        assertThat(GpuModels.forAwsInstanceType("p5.48xlarge")).hasValueSatisfying(i -> {
            assertThat(i.gpu().model()).isEqualTo("H100-80GB");
            assertThat(i.count()).isEqualTo(8);
        });
        assertThat(GpuModels.forAwsInstanceType("g5.12xlarge"))
                .get()
                .extracting(GpuInstance::count)
                .isEqualTo(4);
        assertThat(GpuModels.forAwsInstanceType("p4de.24xlarge"))
                .get()
                .extracting(i -> i.gpu().model())
                .isEqualTo("A100-80GB");
        assertThat(GpuModels.forAwsInstanceType("m5.large")).isEmpty();
        assertThat(GpuModels.forAwsInstanceType("inf1.xlarge")).isEmpty();
    }

    @Test
    void canonicalNamesResolveToThemselves() {
        for (String model : new String[] {"H100-80GB", "A100-40GB", "L4", "RTX6000-ADA", "GRAYSKULL-E150"}) {
            assertThat(GpuModels.byCanonicalName(model))
                    .get()
                    .extracting(GpuSpec::model)
                    .isEqualTo(model);
        }
    }
}
