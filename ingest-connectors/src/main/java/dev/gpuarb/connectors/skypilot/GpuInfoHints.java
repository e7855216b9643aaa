package dev.gpuarb.connectors.skypilot;

import dev.gpuarb.vocab.GpuModels;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the GpuInfo column, a Python-dict-like text (single or double quoted keys) that sometimes
 * is just a name. Only what helps identify the GPU is taken: its name and memory per GPU.
 *
 * <p>Catalogs disagree on whether {@code SizeInMiB} is per GPU or for all GPUs of the instance, so
 * a size too large for the family is divided by the GPU count.
 */
final class GpuInfoHints {

    private static final Pattern NAME = Pattern.compile("['\"]Name['\"]\\s*:\\s*['\"]([^'\"]+)['\"]");
    private static final Pattern SIZE_MIB = Pattern.compile("['\"]SizeInMiB['\"]\\s*:\\s*([0-9.]+)");

    private GpuInfoHints() {}

    /** The GPU name in GpuInfo; a GpuInfo that is not a dict is itself the name. */
    static Optional<String> name(String gpuInfo) {
        if (gpuInfo == null || gpuInfo.isBlank()) {
            return Optional.empty();
        }
        Matcher m = NAME.matcher(gpuInfo);
        if (m.find()) {
            return Optional.of(m.group(1));
        }
        return gpuInfo.contains("{") ? Optional.empty() : Optional.of(gpuInfo.trim());
    }

    /** Memory of one GPU in GiB, when GpuInfo states it plausibly for the named family. */
    static OptionalDouble memoryPerGpuGib(String gpuInfo, String gpuName, int gpuCount) {
        if (gpuInfo == null) {
            return OptionalDouble.empty();
        }
        Matcher m = SIZE_MIB.matcher(gpuInfo);
        if (!m.find()) {
            return OptionalDouble.empty();
        }
        double gib = Double.parseDouble(m.group(1)) / 1024.0;
        OptionalDouble largest = GpuModels.largestSizeGb(gpuName);
        if (largest.isPresent() && gpuCount > 1 && gib > largest.getAsDouble() * 1.2) {
            gib /= gpuCount;
        }
        return OptionalDouble.of(gib);
    }
}
