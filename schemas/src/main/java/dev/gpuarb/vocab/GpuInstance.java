package dev.gpuarb.vocab;

/** What a cloud instance type carries: one GPU model times a count. */
public record GpuInstance(GpuSpec gpu, int count) {
    public GpuInstance {
        if (count < 1) {
            throw new IllegalArgumentException("count must be >= 1, was " + count);
        }
    }
}
