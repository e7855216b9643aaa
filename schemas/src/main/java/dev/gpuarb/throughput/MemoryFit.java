package dev.gpuarb.throughput;

/**
 * Whether a deployment holds its weights and the KV cache of a workload.
 *
 * @param weightBytes all weights (total parameters x bytes per weight), split over the GPUs
 * @param kvCacheBytes KV cache of every sequence at its context, including copies tensor parallelism needs
 * @param capacityBytes memory of all GPUs
 * @param reserveBytes memory kept for the runtime ({@link Calibration#memoryReserveFraction()})
 */
public record MemoryFit(double weightBytes, double kvCacheBytes, double capacityBytes, double reserveBytes) {

    public double usableBytes() {
        return capacityBytes - reserveBytes;
    }

    public double neededBytes() {
        return weightBytes + kvCacheBytes;
    }

    public boolean fits() {
        return neededBytes() <= usableBytes();
    }
}
