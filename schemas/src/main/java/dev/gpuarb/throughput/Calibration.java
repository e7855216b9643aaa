package dev.gpuarb.throughput;

/**
 * The fractions of datasheet figures a serving engine achieves, and the two assumptions that are not
 * measured. The fractions come from one GPU (an H200 SXM, measured 2026-12-04 by the scripts beside the
 * data in {@code shared/data/gpu-throughput}) and are applied unchanged to every GPU and model shape.
 *
 * @param bandwidthFraction achieved / datasheet memory bandwidth in a decode step
 * @param flopsFraction achieved / datasheet dense TFLOPS in a whole forward pass
 * @param tensorParallelEfficiencyPerExtraGpu speed each GPU beyond the first adds, relative to one GPU
 * @param memoryReserveFraction share of each GPU's memory left out of weights and KV cache
 */
public record Calibration(
        double bandwidthFraction,
        double flopsFraction,
        double tensorParallelEfficiencyPerExtraGpu,
        double memoryReserveFraction) {

    /**
     * Decode, {@code h200-decode-2026-12-04.json}: Llama-3.1-8B shape, bf16, one CUDA graph per batch,
     * 1,024 cached tokens per sequence, batches 1, 8, 32, 64, 128, 256. For each row, achieved bandwidth =
     * (weights read + KV cache read) / step time, with the bytes counted as {@link ThroughputModel} counts
     * them (15.01 GB of weights without the input embedding, plus 131,072 bytes per cached token); divided
     * by the datasheet's 4,800 GB/s this gives 0.583, 0.543, 0.562, 0.594, 0.569, 0.620. The constant is their
     * geometric mean (a least-squares fit of log step time), which keeps every row within 7 %.
     */
    public static final double H200_DECODE_BANDWIDTH_FRACTION = 0.578;

    /**
     * Prefill, {@code h200-bandwidth-flops-prefill-2026-12-04.json}: one 4,096-token prompt of the same
     * shape at 34,411 tokens/s. Counted as {@link ThroughputModel} counts it, a prompt token costs
     * 2 x 6.98 G parameters (all matrices but the embedding and the output head) = 13.96 GFLOP, plus causal
     * attention, 4 x 32 heads x 128 x 32 layers x 2,048.5 (mean position) = 1.07 GFLOP: 15.03 GFLOP in all.
     * The pass therefore ran at 517 TFLOPS: 0.523 of the
     * datasheet's 989.5 dense bf16 TFLOPS. (A bare 8192^3 bf16 matmul reached 796 TFLOPS, 0.80; a whole model
     * with norms, attention and smaller matrices is the figure that applies to serving.) The decode rows never
     * become compute-bound (at batch 256 the compute time is 43 % of the memory time), so this fraction
     * also stands for the compute-bound decode of large batches, where it is unmeasured.
     */
    public static final double H200_PREFILL_FLOPS_FRACTION = 0.523;

    /**
     * Not measured (the data has one GPU): each GPU beyond the first adds 90 % of one GPU's speed under
     * tensor parallelism, for the all-reduce after every attention and MLP block. Two GPUs run at 1.9x one,
     * eight at 7.3x.
     */
    public static final double TENSOR_PARALLEL_EFFICIENCY_PER_EXTRA_GPU = 0.90;

    /**
     * Not measured: 10 % of each GPU's memory is kept for the CUDA context, CUDA graphs, activations and
     * allocator slack (vLLM's default {@code gpu_memory_utilization} of 0.9 leaves the same share).
     */
    public static final double MEMORY_RESERVE_FRACTION = 0.10;

    /** The calibration every estimate uses unless told otherwise. */
    public static final Calibration MEASURED = new Calibration(
            H200_DECODE_BANDWIDTH_FRACTION,
            H200_PREFILL_FLOPS_FRACTION,
            TENSOR_PARALLEL_EFFICIENCY_PER_EXTRA_GPU,
            MEMORY_RESERVE_FRACTION);

    public Calibration {
        if (!(bandwidthFraction > 0 && bandwidthFraction <= 1)
                || !(flopsFraction > 0 && flopsFraction <= 1)
                || !(tensorParallelEfficiencyPerExtraGpu >= 0 && tensorParallelEfficiencyPerExtraGpu <= 1)
                || !(memoryReserveFraction >= 0 && memoryReserveFraction < 1)) {
            throw new IllegalArgumentException("fractions must lie in (0, 1] (reserve in [0, 1))");
        }
    }

    /** How many single GPUs' worth of speed {@code gpus} GPUs in tensor parallel give. */
    public double tensorParallelSpeedup(int gpus) {
        return 1 + tensorParallelEfficiencyPerExtraGpu * (gpus - 1);
    }
}
