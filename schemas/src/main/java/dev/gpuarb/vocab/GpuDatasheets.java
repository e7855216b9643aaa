package dev.gpuarb.vocab;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * Vendor datasheet figures (memory bandwidth, dense bf16 and fp8 TFLOPS) per canonical GPU model and
 * form factor, for the throughput model ({@code dev.gpuarb.throughput}).
 *
 * <p>Only figures read from a vendor datasheet are listed. Models of the vocabulary that are absent
 * have no figure, and callers must say so rather than guess:
 * <ul>
 *   <li>A10G: an AWS-only part without a published NVIDIA datasheet;</li>
 *   <li>T4, V100, P100, P40, P4, K80, K520, M60 and other pre-Ampere parts: no bf16 tensor cores;</li>
 *   <li>H800, A800, B300, RTX PRO 6000, RTX 6000 Ada and the other workstation and consumer cards
 *       (except the RTX 4090), Gaudi, Tenstorrent, Radeon Pro: no datasheet figure checked.</li>
 * </ul>
 *
 * <p>Where a model is sold on several boards with different figures (H100-80GB as SXM or PCIe, H200 as
 * SXM or NVL, A100-80GB as SXM or PCIe) and the board is not known, {@link #of(String)} answers with
 * the slower board: a price per token must not be computed on a faster part than the one sold.
 */
public final class GpuDatasheets {

    private static final OptionalDouble NO_FP8 = OptionalDouble.empty();
    private static final List<GpuDatasheet> ROWS = new ArrayList<>();

    static {
        // Dense figures: where the datasheet prints "X | Y*" (* with sparsity) the dense X is used; where it
        // prints only the sparse figure, half of it. Multi-GPU system sheets are divided by the GPU count.
        GpuFormFactor sxm = GpuFormFactor.SXM;
        GpuFormFactor pcie = GpuFormFactor.PCIE;
        GpuFormFactor nvl = GpuFormFactor.NVL;
        row("B200", sxm, 8000, 2250, 4500, "NVIDIA HGX B200 / DGX B200 datasheet (8-GPU figures / 8)");
        row("GB200", sxm, 8000, 2500, 5000, "NVIDIA GB200 NVL72 datasheet (72-GPU figures / 72)");
        row("H200", sxm, 4800, 989.5, 1979, "NVIDIA H200 Tensor Core GPU datasheet, H200 SXM");
        row("H200", nvl, 4800, 835.5, 1670.5, "NVIDIA H200 Tensor Core GPU datasheet, H200 NVL");
        row("H100-80GB", sxm, 3350, 989.5, 1979, "NVIDIA H100 Tensor Core GPU datasheet, H100 SXM");
        row("H100-80GB", pcie, 2000, 756.5, 1513, "NVIDIA H100 Tensor Core GPU datasheet, H100 PCIe");
        row("H100-94GB", nvl, 3900, 835.5, 1670.5, "NVIDIA H100 Tensor Core GPU datasheet, H100 NVL");
        row("GH200-96GB", sxm, 4000, 989.5, 1979, "NVIDIA GH200 Grace Hopper Superchip datasheet, HBM3");
        row("GH200-144GB", sxm, 4900, 989.5, 1979, "NVIDIA GH200 Grace Hopper Superchip datasheet, HBM3e");
        row("A100-80GB", sxm, 2039, 312, NO_FP8, "NVIDIA A100 Tensor Core GPU datasheet, A100 80GB SXM");
        row("A100-80GB", pcie, 1935, 312, NO_FP8, "NVIDIA A100 Tensor Core GPU datasheet, A100 80GB PCIe");
        row("A100-40GB", sxm, 1555, 312, NO_FP8, "NVIDIA A100 Tensor Core GPU datasheet, A100 40GB SXM");
        row("A100-40GB", pcie, 1555, 312, NO_FP8, "NVIDIA A100 Tensor Core GPU datasheet, A100 40GB PCIe");
        row("A40", pcie, 696, 149.7, NO_FP8, "NVIDIA A40 datasheet");
        row("A30", pcie, 933, 165, NO_FP8, "NVIDIA A30 Tensor Core GPU datasheet");
        row("A10", pcie, 600, 125, NO_FP8, "NVIDIA A10 Tensor Core GPU datasheet");
        row("L40S", pcie, 864, 362.05, 733, "NVIDIA L40S datasheet");
        row("L40", pcie, 864, 181.05, 362, "NVIDIA L40 datasheet");
        row("L4", pcie, 300, 121, 242.5, "NVIDIA L4 Tensor Core GPU datasheet (sparse figures / 2)");
        row("RTXA6000", pcie, 768, 154.8, NO_FP8, "NVIDIA RTX A6000 datasheet (tensor figure with sparsity / 2)");
        row(
                "RTX4090",
                pcie,
                1008,
                165.2,
                330.3,
                "NVIDIA Ada Lovelace GPU architecture whitepaper, GeForce RTX 4090 (FP32 accumulate)");
        row("MI355X", sxm, 8000, 2516.6, 5033.2, "AMD Instinct MI355X specifications");
        row("MI325X", sxm, 6000, 1307.4, 2614.9, "AMD Instinct MI325X datasheet");
        row("MI300X", sxm, 5300, 1307.4, 2614.9, "AMD Instinct MI300X datasheet");
        row("MI250X", sxm, 3276.8, 383, NO_FP8, "AMD Instinct MI250X datasheet");
        row("MI250", sxm, 3276.8, 362.1, NO_FP8, "AMD Instinct MI250 datasheet");
        row("MI210", pcie, 1638.4, 181, NO_FP8, "AMD Instinct MI210 datasheet");
    }

    private GpuDatasheets() {}

    private static void row(
            String model,
            GpuFormFactor formFactor,
            double bandwidthGBps,
            double bf16Tflops,
            double fp8Tflops,
            String source) {
        row(model, formFactor, bandwidthGBps, bf16Tflops, OptionalDouble.of(fp8Tflops), source);
    }

    private static void row(
            String model,
            GpuFormFactor formFactor,
            double bandwidthGBps,
            double bf16Tflops,
            OptionalDouble fp8Tflops,
            String source) {
        if (GpuModels.byCanonicalName(model).isEmpty()) {
            throw new IllegalStateException("datasheet row for a model outside the vocabulary: " + model);
        }
        ROWS.add(new GpuDatasheet(model, formFactor, bandwidthGBps, bf16Tflops, fp8Tflops, source));
    }

    /** Every row of the table. */
    public static List<GpuDatasheet> all() {
        return List.copyOf(ROWS);
    }

    /**
     * The figures of a canonical model whose board is not known: its only row, or of its several rows
     * the slowest (lowest memory bandwidth, then lowest bf16 TFLOPS). Empty when no figure is known.
     */
    public static Optional<GpuDatasheet> of(String canonicalModel) {
        return ROWS.stream()
                .filter(r -> r.model().equals(canonicalModel))
                .min(Comparator.comparingDouble(GpuDatasheet::memoryBandwidthGBps)
                        .thenComparingDouble(GpuDatasheet::denseBf16Tflops));
    }

    /**
     * The figures of a canonical model on the given board; when the table has no row for that board
     * (e.g. an H100-80GB said to be NVL), the same answer as {@link #of(String)}.
     */
    public static Optional<GpuDatasheet> of(String canonicalModel, Optional<GpuFormFactor> formFactor) {
        if (formFactor.isPresent()) {
            Optional<GpuDatasheet> exact = ROWS.stream()
                    .filter(r -> r.model().equals(canonicalModel) && r.formFactor() == formFactor.get())
                    .findFirst();
            if (exact.isPresent()) {
                return exact;
            }
        }
        return of(canonicalModel);
    }

    /** The figures for a provider's free-form GPU name, e.g. {@code "NVIDIA H100 PCIe"} or {@code "H100 SXM5"}. */
    public static Optional<GpuDatasheet> forProviderName(String name, OptionalDouble memoryPerGpuGibHint) {
        return GpuModels.resolve(name, memoryPerGpuGibHint)
                .flatMap(spec -> of(spec.model(), GpuFormFactor.fromName(name)));
    }
}
