package dev.gpuarb.vocab;

/**
 * A canonical GPU (or GPU-like accelerator) model.
 *
 * @param model canonical name, e.g. {@code H100-80GB}, {@code A100-40GB}, {@code L4}, {@code MI300X};
 *              the memory suffix appears only where the family is sold in several sizes
 * @param family the family without memory suffix, e.g. {@code H100}
 * @param memoryGb memory of one GPU in GiB as vendors list it
 * @param vendor lower-case vendor id (nvidia, amd, intel, tenstorrent)
 */
public record GpuSpec(String model, String family, int memoryGb, String vendor) {}
