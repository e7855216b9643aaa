package dev.gpuarb.connectors.azure;

import dev.gpuarb.vocab.GpuInstance;
import dev.gpuarb.vocab.GpuModels;
import java.util.Collections;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;

/**
 * The GPUs of Azure's N-series VM sizes. A size name does not always say its GPU count (NC24 is
 * four K80s, NC24ads_A100_v4 one A100), so the sizes are listed. Sizes that carry a fraction of a
 * GPU (NVv4, most NVadsA10 v5 and NGads V620 sizes) are known but not priced, because a record
 * prices whole GPUs.
 */
public final class AzureGpuVmSizes {

    /** How a size name resolved. */
    public sealed interface Lookup permits Whole, Fractional, Unknown, NotGpu {}

    public record Whole(GpuInstance gpus) implements Lookup {}

    public record Fractional() implements Lookup {}

    /** An N-series size missing from the table: worth a rejection, the table needs an entry. */
    public record Unknown() implements Lookup {}

    public record NotGpu() implements Lookup {}

    private record Entry(String gpu, int memoryGb, int count) {}

    private static final Map<String, Entry> SIZES = new HashMap<>();
    private static final Set<String> FRACTIONAL = Set.of(
            "nv4as_v4",
            "nv8as_v4",
            "nv16as_v4",
            "nv6ads_a10_v5",
            "nv12ads_a10_v5",
            "nv18ads_a10_v5",
            "ng8ads_v620_v1",
            "ng16ads_v620_v1",
            "ng32ads_v620_v1",
            "ng32adms_v620_v1");
    private static final Set<String> GPU_SERIES = Set.of("nc", "nd", "nv", "ng", "ncc");

    static {
        sizes("K80", 12, "nc6", 1, "nc12", 2, "nc24", 4, "nc24r", 4);
        sizes("P100", 16, "nc6s_v2", 1, "nc12s_v2", 2, "nc24s_v2", 4, "nc24rs_v2", 4);
        sizes("V100", 16, "nc6s_v3", 1, "nc12s_v3", 2, "nc24s_v3", 4, "nc24rs_v3", 4);
        sizes("T4", 16, "nc4as_t4_v3", 1, "nc8as_t4_v3", 1, "nc16as_t4_v3", 1, "nc64as_t4_v3", 4);
        sizes("A100", 80, "nc24ads_a100_v4", 1, "nc48ads_a100_v4", 2, "nc96ads_a100_v4", 4);
        // NC H100 v5 carries H100 NVL (94 GB), not the 80 GB SXM part.
        sizes("H100", 94, "nc40ads_h100_v5", 1, "nc80adis_h100_v5", 2, "ncc40ads_h100_v5", 1);
        sizes("P40", 24, "nd6s", 1, "nd12s", 2, "nd24s", 4, "nd24rs", 4);
        sizes("V100", 32, "nd40rs_v2", 8);
        sizes("A100", 40, "nd96asr_v4", 8);
        sizes("A100", 80, "nd96amsr_a100_v4", 8);
        sizes("H100", 80, "nd96isr_h100_v5", 8);
        sizes("H200", 141, "nd96isr_h200_v5", 8);
        sizes("MI300X", 192, "nd96isr_mi300x_v5", 8);
        sizes("GB200", 186, "nd128isr_ndr_gb200_v6", 4);
        sizes("M60", 8, "nv6", 1, "nv12", 2, "nv24", 4, "nv12s_v3", 1, "nv24s_v3", 2, "nv48s_v3", 4);
        sizes("MI25", 16, "nv32as_v4", 1);
        sizes("A10", 24, "nv36ads_a10_v5", 1, "nv36adms_a10_v5", 1, "nv72ads_a10_v5", 2);
    }

    private AzureGpuVmSizes() {}

    private static void sizes(String gpu, int memoryGb, Object... nameCountPairs) {
        for (int i = 0; i < nameCountPairs.length; i += 2) {
            SIZES.put((String) nameCountPairs[i], new Entry(gpu, memoryGb, (Integer) nameCountPairs[i + 1]));
        }
    }

    /** Looks up an ARM SKU name such as {@code Standard_ND96isr_H100_v5} (promo variants included). */
    public static Lookup lookup(String armSkuName) {
        String size = key(armSkuName);
        Entry entry = SIZES.get(size);
        if (entry != null) {
            return GpuModels.resolve(entry.gpu(), OptionalDouble.of(entry.memoryGb()))
                    .<Lookup>map(spec -> new Whole(new GpuInstance(spec, entry.count())))
                    .orElseGet(Unknown::new);
        }
        if (FRACTIONAL.contains(size)) {
            return new Fractional();
        }
        return GPU_SERIES.contains(series(size)) ? new Unknown() : new NotGpu();
    }

    /** Every listed size (for tests and documentation). */
    public static Set<String> listedSizes() {
        return Collections.unmodifiableSet(SIZES.keySet());
    }

    static Optional<GpuInstance> whole(String armSkuName) {
        return lookup(armSkuName) instanceof Whole w ? Optional.of(w.gpus()) : Optional.empty();
    }

    private static String key(String armSkuName) {
        String s = armSkuName.trim().toLowerCase(Locale.ROOT);
        if (s.startsWith("standard_")) {
            s = s.substring("standard_".length());
        }
        return s.endsWith("_promo") ? s.substring(0, s.length() - "_promo".length()) : s;
    }

    /** The letters before the first digit: "nc" for nc24ads_a100_v4, "d" for d4s_v5. */
    private static String series(String size) {
        int i = 0;
        while (i < size.length() && Character.isLetter(size.charAt(i))) {
            i++;
        }
        return size.substring(0, i);
    }
}
