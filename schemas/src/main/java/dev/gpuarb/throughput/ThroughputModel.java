package dev.gpuarb.throughput;

import dev.gpuarb.vocab.GpuDatasheet;
import dev.gpuarb.vocab.GpuDatasheets;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * Tokens per second of an open-weight model on GPUs, from datasheet figures and a calibration.
 *
 * <p><b>Decode</b> (output tokens): one step produces one token for each of {@code batch} sequences.
 * It must read the weights once and every sequence's KV cache, and multiply each token through the
 * active parameters; it takes the longer of the two:
 * <pre>
 *   memory  = (weights read + batch x KV cache per sequence) / (bandwidth x bandwidthFraction x speedup)
 *   compute = batch x (2 x matmul params + attention FLOPs) / (TFLOPS x flopsFraction x speedup)
 *   step = max(memory, compute);  tokens/s = batch / step;  per sequence = 1 / step
 * </pre>
 * Weights read exclude the input embedding (a row lookup); for a mixture of experts they are the
 * shared parameters plus the experts the batch is routed to ({@link ModelShape#paramsReadPerForwardPass}),
 * while memory holds all of them. Attention FLOPs per token are {@code 4 x heads x headDim} per attended
 * token and layer. speedup is {@link Calibration#tensorParallelSpeedup} of the GPU count.
 *
 * <p><b>Prefill</b> (prompt tokens): one pass over {@code batch} prompts of {@code contextTokens}, bound
 * the same way; per token {@code 2 x} the parameters of all matrices but the output head (which runs
 * for each prompt's last token only) plus causal attention over the mean position.
 *
 * <p><b>Memory</b>: total parameters x bytes per weight plus {@code batch} KV caches must fit in the GPUs'
 * memory less {@link Calibration#memoryReserveFraction()}.
 *
 * <p>A {@link MeasuredThroughput} for the (model, GPU model, GPU count) replaces the decode estimate.
 */
public final class ThroughputModel {

    private final Calibration calibration;
    private final ThroughputOverrides overrides;

    public ThroughputModel() {
        this(Calibration.MEASURED, ThroughputOverrides.none());
    }

    public ThroughputModel(ThroughputOverrides overrides) {
        this(Calibration.MEASURED, overrides);
    }

    public ThroughputModel(Calibration calibration, ThroughputOverrides overrides) {
        this.calibration = Objects.requireNonNull(calibration, "calibration");
        this.overrides = Objects.requireNonNull(overrides, "overrides");
    }

    public Calibration calibration() {
        return calibration;
    }

    public MemoryFit memoryFit(Deployment deployment, Workload workload) {
        double capacity = deployment.memoryCapacityBytes();
        return new MemoryFit(
                deployment.weightBytes(),
                workload.batch() * deployment.kvCacheBytesPerSequence(workload.contextTokens()),
                capacity,
                capacity * calibration.memoryReserveFraction());
    }

    /** The most sequences whose KV caches fit beside the weights at {@code contextTokens} each; 0 if none. */
    public int maxBatch(Deployment deployment, int contextTokens) {
        MemoryFit empty = memoryFit(deployment, new Workload(1, contextTokens));
        double room = empty.usableBytes() - empty.weightBytes();
        double perSequence = deployment.kvCacheBytesPerSequence(contextTokens);
        return room < perSequence ? 0 : (int) Math.min(Integer.MAX_VALUE, Math.floor(room / perSequence));
    }

    public ThroughputEstimate estimate(Deployment deployment, Workload workload) {
        MemoryFit memory = memoryFit(deployment, workload);
        Optional<GpuDatasheet> datasheet = GpuDatasheets.of(deployment.gpu().model(), deployment.formFactor());
        Optional<MeasuredThroughput> measured =
                overrides.find(deployment.shape().name(), deployment.gpu().model(), deployment.gpus());
        boolean fits = memory.fits()
                || measured.map(m -> workload.batch() <= m.largestMeasuredBatch())
                        .orElse(false);
        if (!fits) {
            return new ThroughputEstimate(
                    memory,
                    false,
                    OptionalDouble.empty(),
                    OptionalDouble.empty(),
                    DecodeLimit.DOES_NOT_FIT,
                    datasheet,
                    workload.batch());
        }
        OptionalDouble prefill = datasheet
                .map(d -> OptionalDouble.of(prefillTokensPerSecond(deployment, d, workload)))
                .orElse(OptionalDouble.empty());
        if (measured.isPresent()) {
            return new ThroughputEstimate(
                    memory,
                    true,
                    OptionalDouble.of(measured.get().outputTokensPerSecond(workload.batch())),
                    prefill,
                    DecodeLimit.MEASURED,
                    datasheet,
                    workload.batch());
        }
        if (datasheet.isEmpty()) {
            return new ThroughputEstimate(
                    memory,
                    true,
                    OptionalDouble.empty(),
                    OptionalDouble.empty(),
                    DecodeLimit.NO_DATASHEET,
                    datasheet,
                    workload.batch());
        }
        GpuDatasheet sheet = datasheet.get();
        double memorySeconds = decodeBytesPerStep(deployment, workload) / achievedBytesPerSecond(deployment, sheet);
        double computeSeconds = decodeFlopsPerStep(deployment, workload) / achievedFlopsPerSecond(deployment, sheet);
        double step = Math.max(memorySeconds, computeSeconds);
        return new ThroughputEstimate(
                memory,
                true,
                OptionalDouble.of(workload.batch() / step),
                prefill,
                memorySeconds >= computeSeconds ? DecodeLimit.MEMORY_BANDWIDTH : DecodeLimit.COMPUTE,
                datasheet,
                workload.batch());
    }

    /**
     * The best way to use an instance of {@code instanceGpus} GPUs: the smallest tensor-parallel degree
     * (a divisor of the GPU count) at which one copy serves {@code perCopy}, with the remaining GPUs
     * running further copies. Fewer GPUs per copy lose less to tensor parallelism, so the smallest
     * degree that fits gives the most tokens per instance. Empty when not even all GPUs together fit.
     */
    public Optional<InstanceLayout> bestLayout(Deployment onInstance, Workload perCopy) {
        int instanceGpus = onInstance.gpus();
        for (int degree = 1; degree <= instanceGpus; degree++) {
            if (instanceGpus % degree != 0) {
                continue;
            }
            ThroughputEstimate copy = estimate(onInstance.onGpus(degree), perCopy);
            if (copy.fits()) {
                return Optional.of(new InstanceLayout(degree, instanceGpus / degree, copy));
            }
        }
        return Optional.empty();
    }

    double decodeBytesPerStep(Deployment deployment, Workload workload) {
        double weights = deployment.shape().paramsReadPerForwardPass(workload.batch())
                * deployment.weights().bytesPerWeight();
        return weights + workload.batch() * deployment.kvCacheBytesPerSequence(workload.contextTokens());
    }

    double decodeFlopsPerStep(Deployment deployment, Workload workload) {
        ModelShape shape = deployment.shape();
        double perToken = 2 * shape.matmulParamsPerGeneratedToken()
                + attentionFlopsPerAttendedToken(shape) * shape.attendedTokensOverLayers(workload.contextTokens());
        return workload.batch() * perToken;
    }

    private double prefillTokensPerSecond(Deployment deployment, GpuDatasheet sheet, Workload workload) {
        ModelShape shape = deployment.shape();
        long tokens = (long) workload.batch() * workload.contextTokens();
        double perToken = 2 * shape.matmulParamsPerPromptToken()
                + attentionFlopsPerAttendedToken(shape)
                        * shape.meanAttendedTokensOverLayersDuringPrefill(workload.contextTokens());
        double outputHeads = workload.batch() * 2.0 * shape.embeddingParams();
        double flops = tokens * perToken + outputHeads;
        double bytes =
                shape.paramsReadPerForwardPass(tokens) * deployment.weights().bytesPerWeight()
                        + workload.batch() * deployment.kvCacheBytesPerSequence(workload.contextTokens());
        double seconds = Math.max(
                bytes / achievedBytesPerSecond(deployment, sheet), flops / achievedFlopsPerSecond(deployment, sheet));
        return tokens / seconds;
    }

    /** Query x key and attention x value: 2 FLOPs each per head dimension. */
    private static double attentionFlopsPerAttendedToken(ModelShape shape) {
        return 4.0 * shape.attention().heads() * shape.attention().headDim();
    }

    private double achievedBytesPerSecond(Deployment deployment, GpuDatasheet sheet) {
        return sheet.memoryBandwidthBytesPerSecond()
                * calibration.bandwidthFraction()
                * calibration.tensorParallelSpeedup(deployment.gpus());
    }

    private double achievedFlopsPerSecond(Deployment deployment, GpuDatasheet sheet) {
        return deployment.weights().denseTflops(sheet)
                * 1e12
                * calibration.flopsFraction()
                * calibration.tensorParallelSpeedup(deployment.gpus());
    }
}
