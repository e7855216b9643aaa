package dev.gpuarb.vocab;

import java.util.OptionalDouble;

/**
 * A GPU's vendor datasheet figures that bound LLM inference speed.
 *
 * <p>Tensor figures are dense, i.e. without 2:4 structured sparsity: vendors print the sparse figure
 * first, and it is twice what a dense matrix multiply can reach.
 *
 * @param model canonical model as {@link GpuModels} names it, e.g. {@code H100-80GB}
 * @param formFactor the board these figures are for
 * @param memoryBandwidthGBps peak memory bandwidth, GB/s (10^9 bytes per second)
 * @param denseBf16Tflops peak dense bf16 tensor throughput, TFLOPS (10^12 per second)
 * @param denseFp8Tflops peak dense fp8 tensor throughput, TFLOPS; empty on GPUs without fp8 tensor cores
 * @param source the datasheet the row was read from
 */
public record GpuDatasheet(
        String model,
        GpuFormFactor formFactor,
        double memoryBandwidthGBps,
        double denseBf16Tflops,
        OptionalDouble denseFp8Tflops,
        String source) {

    public GpuDatasheet {
        if (!(memoryBandwidthGBps > 0)
                || !(denseBf16Tflops > 0)
                || (denseFp8Tflops.isPresent() && !(denseFp8Tflops.getAsDouble() > 0))) {
            throw new IllegalArgumentException("datasheet figures must be positive: " + model);
        }
    }

    public double memoryBandwidthBytesPerSecond() {
        return memoryBandwidthGBps * 1e9;
    }
}
