package dev.gpuarb.sink.clickhouse.selfhost;

import dev.gpuarb.throughput.DecodeLimit;
import dev.gpuarb.throughput.InstanceThroughput;
import dev.gpuarb.throughput.WeightFormat;

/**
 * One row of {@code gpu_throughput}: a known model on an instance of {@code gpus} GPUs of one model,
 * serving {@code concurrency} sequences of {@code contextTokens}.
 */
public record ThroughputRow(
        String modelId,
        WeightFormat weights,
        String gpuModel,
        int gpus,
        int concurrency,
        int contextTokens,
        InstanceThroughput throughput) {

    /** {@code measured} when a measurement replaced the estimate, else {@code model}. */
    public String source() {
        return throughput.decodeLimit() == DecodeLimit.MEASURED ? "measured" : "model";
    }
}
