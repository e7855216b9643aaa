package dev.gpuarb.throughput;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class MeasuredThroughputCsvTest {

    @Test
    void rowsOfOneModelGpuAndCountMakeOneMeasurement() {
        ThroughputOverrides overrides = MeasuredThroughputCsv.parse(
                List.of(
                        MeasuredThroughputCsv.HEADER,
                        "# vLLM 0.9, our own bench",
                        "llama-3.1-8b-instruct, H100-80GB, 1, 1, 180",
                        "",
                        "llama-3.1-8b-instruct,H100-80GB,1,64,5200",
                        "llama-3.1-8b-instruct,H100-80GB,2,64,9000"),
                "t.csv");

        MeasuredThroughput one =
                overrides.find("llama-3.1-8b-instruct", "H100-80GB", 1).orElseThrow();
        assertThat(one.outputTokensPerSecondByBatch())
                .containsEntry(1, 180.0)
                .containsEntry(64, 5200.0)
                .hasSize(2);
        assertThat(overrides
                        .find("llama-3.1-8b-instruct", "H100-80GB", 2)
                        .orElseThrow()
                        .outputTokensPerSecondByBatch())
                .containsExactlyEntriesOf(java.util.Map.of(64, 9000.0));
        // Names resolve as elsewhere: another spelling of the model and of the GPU finds the same rows.
        assertThat(overrides.find("meta-llama/llama-3.1-8b-instruct", "NVIDIA H100 80GB HBM3", 1))
                .contains(one);
        assertThat(overrides.find("llama-3.1-8b-instruct", "H100-80GB", 4)).isEmpty();
    }

    @Test
    void theHeaderIsOptional() {
        assertThat(MeasuredThroughputCsv.parse(List.of("m,L4,1,8,100"), "t.csv").find("m", "L4", 1))
                .isPresent();
    }

    @Test
    void everyBadLineIsNamed() {
        assertThatThrownBy(() -> MeasuredThroughputCsv.parse(
                        List.of(
                                MeasuredThroughputCsv.HEADER,
                                "m,L4,1,8",
                                "m,L4,0,8,100",
                                "m,L4,1,8,NaN",
                                ",L4,1,8,100",
                                "m,L4,1,16,100",
                                "m,L4,1,16,120"),
                        "t.csv"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("t.csv, line 2: expected 5 columns")
                .hasMessageContaining("t.csv, line 3: gpus must be a whole number >= 1, got '0'")
                .hasMessageContaining("t.csv, line 4: output_tokens_per_second must be a finite number > 0, got 'NaN'")
                .hasMessageContaining("t.csv, line 5: model and gpu_model must not be empty")
                .hasMessageContaining("t.csv, line 7: batch 16 of m on 1 x L4 is measured twice");
    }
}
