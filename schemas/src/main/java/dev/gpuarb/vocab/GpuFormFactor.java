package dev.gpuarb.vocab;

import java.util.Locale;
import java.util.Optional;

/**
 * The board a GPU is sold on. The canonical model ({@link GpuModels}) leaves it out because it does
 * not change what one GPU-hour buys in memory, but it does change speed: an H100 PCIe has 2.0 TB/s
 * against the SXM part's 3.35 TB/s. {@link GpuDatasheets} keys its figures by model and form factor.
 */
public enum GpuFormFactor {
    /** NVIDIA SXM module (HGX/DGX baseboards), and OAM modules of other vendors. */
    SXM,
    /** A PCIe card. */
    PCIE,
    /** NVIDIA's NVL cards (PCIe boards bridged by NVLink, e.g. H100 NVL, H200 NVL). */
    NVL;

    /**
     * The form factor a provider's free-form GPU name states, if it states one: {@code "H100 SXM5"},
     * {@code "A100-SXM4-80GB"} -> SXM; {@code "NVIDIA H100 PCIe"} -> PCIE; {@code "H100-NVL"},
     * {@code "H200NVL"} -> NVL. {@code "NVIDIA H100 80GB HBM3"} (the SXM part's device name) is SXM because
     * only the SXM H100 carries HBM3 with 80 GB; the PCIe card has HBM2e.
     */
    public static Optional<GpuFormFactor> fromName(String name) {
        if (name == null || name.isBlank()) {
            return Optional.empty();
        }
        boolean hbm3 = false;
        for (String token : name.toUpperCase(Locale.ROOT).split("[^A-Z0-9]+")) {
            if (token.startsWith("SXM")) {
                return Optional.of(SXM);
            }
            if (token.equals("PCIE")) {
                return Optional.of(PCIE);
            }
            if (token.endsWith("NVL")) {
                return Optional.of(NVL);
            }
            hbm3 |= token.equals("HBM3");
        }
        if (hbm3
                && GpuModels.resolve(name)
                        .map(spec -> spec.model().equals("H100-80GB"))
                        .orElse(false)) {
            return Optional.of(SXM);
        }
        return Optional.empty();
    }
}
