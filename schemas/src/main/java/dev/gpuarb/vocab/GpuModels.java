package dev.gpuarb.vocab;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Canonical GPU model names from the free-form names providers use.
 *
 * <p>{@code "NVIDIA H100 80GB HBM3"}, {@code "H100-80GB"}, {@code "H100 SXM"}, {@code "NVIDIA-H100-80GB-HBM3"}
 * and AWS {@code p5.48xlarge} all resolve to {@code H100-80GB}. A name is split into tokens; vendor
 * words and form-factor words (SXM, PCIe, HBM3, NVLink) are dropped because they do not change what
 * is bought per GPU-hour; a memory token ({@code 80GB}, {@code 80G}) picks the size within families
 * sold in several sizes. The remaining tokens, joined, are looked up in an alias table.
 *
 * <p>Deliberately strict: an unknown name resolves to empty so that callers can reject the row
 * with a reason rather than guess.
 */
public final class GpuModels {

    private static final Pattern MEMORY_TOKEN = Pattern.compile("(\\d{1,3})G(?:I?B)?");
    private static final Set<String> NOISE_TOKENS = Set.of(
            "NVIDIA",
            "TESLA",
            "GEFORCE",
            "QUADRO",
            "AMD",
            "INSTINCT",
            "RADEON",
            "INTEL",
            "HABANA",
            "TENSTORRENT",
            "SXM",
            "SXM2",
            "SXM4",
            "SXM5",
            "SXM6",
            "PCIE",
            "HBM2",
            "HBM2E",
            "HBM3",
            "HBM3E",
            "NVLINK",
            "GDDR6",
            "GDDR6X",
            "MEGA",
            "GPU",
            "MEMORY");

    private static final Map<String, GpuFamily> FAMILIES = new HashMap<>();
    private static final Map<String, Alias> ALIASES = new HashMap<>();

    /** An alias may pin a size (H100 NVL is the 94 GB part) or leave it to the name and hint. */
    private record Alias(GpuFamily family, Integer pinnedSizeGb) {}

    static {
        nvidia("B300", List.of(288), "B300");
        nvidia("B200", List.of(180), "B200");
        nvidia("GB200", List.of(186), "GB200");
        nvidia("H200", List.of(141), "H200", "H200NVL");
        nvidia("H100", List.of(80, 94), "H100", "H100SXM5");
        pinned("H100", 94, "H100NVL");
        nvidia("H800", List.of(80), "H800");
        nvidia("GH200", List.of(96, 144), "GH200");
        nvidia("A100", List.of(40, 80), "A100");
        nvidia("A800", List.of(80, 40), "A800");
        nvidia("A40", List.of(48), "A40");
        nvidia("A30", List.of(24), "A30");
        nvidia("A10G", List.of(24), "A10G");
        nvidia("A10", List.of(24), "A10");
        nvidia("A16", List.of(16), "A16");
        nvidia("A2", List.of(16), "A2");
        nvidia("L40S", List.of(48), "L40S");
        nvidia("L40", List.of(48), "L40");
        nvidia("L20", List.of(48), "L20");
        nvidia("L4", List.of(24), "L4");
        nvidia("T4G", List.of(16), "T4G");
        nvidia("T4", List.of(16), "T4");
        nvidia("V100", List.of(16, 32), "V100");
        nvidia("P100", List.of(16), "P100");
        nvidia("P40", List.of(24), "P40");
        nvidia("P4", List.of(8), "P4");
        nvidia("K80", List.of(12), "K80");
        nvidia("K520", List.of(4), "K520", "GRIDK520");
        nvidia("M60", List.of(8), "M60");
        nvidia("RTXPRO6000", List.of(96), "RTXPRO6000", "RTXPRO6000BLACKWELL", "RTX6000BLACKWELL");
        nvidia("RTX6000-ADA", List.of(48), "RTX6000ADA", "6000ADA");
        nvidia("RTX4000-ADA", List.of(20), "RTX4000ADA", "4000ADA");
        nvidia("RTX2000-ADA", List.of(16), "RTX2000ADA");
        nvidia("RTX6000", List.of(24), "RTX6000");
        nvidia("RTXA6000", List.of(48), "RTXA6000", "A6000");
        nvidia("RTXA5000", List.of(24), "RTXA5000", "A5000");
        nvidia("RTXA4500", List.of(20), "RTXA4500", "A4500");
        nvidia("RTXA4000", List.of(16), "RTXA4000", "A4000");
        nvidia("RTXA2000", List.of(6, 12), "RTXA2000", "A2000");
        nvidia("RTX3060", List.of(12, 8), "RTX3060");
        nvidia("RTX3060TI", List.of(8), "RTX3060TI");
        nvidia("RTX3070", List.of(8), "RTX3070");
        nvidia("RTX3080", List.of(10, 12), "RTX3080");
        nvidia("RTX3090", List.of(24), "RTX3090", "RTX3090TI");
        nvidia("RTX4070", List.of(12), "RTX4070");
        nvidia("RTX4080", List.of(16), "RTX4080");
        nvidia("RTX4090", List.of(24), "RTX4090");
        nvidia("RTX5070", List.of(12), "RTX5070");
        nvidia("RTX5080", List.of(16), "RTX5080");
        nvidia("RTX5090", List.of(32), "RTX5090");
        family("MI355X", "amd", List.of(288), "MI355X");
        family("MI325X", "amd", List.of(256), "MI325X");
        family("MI300X", "amd", List.of(192), "MI300X");
        family("MI250X", "amd", List.of(128), "MI250X");
        family("MI250", "amd", List.of(128), "MI250");
        family("MI210", "amd", List.of(64), "MI210");
        family("MI100", "amd", List.of(32), "MI100");
        family("MI25", "amd", List.of(16), "MI25");
        family("V520", "amd", List.of(8), "V520", "PROV520");
        family("V620", "amd", List.of(32), "V620", "PROV620");
        family("GAUDI2", "intel", List.of(96), "GAUDI2", "HL225");
        family("GAUDI3", "intel", List.of(128), "GAUDI3");
        family("GRAYSKULL-E75", "tenstorrent", List.of(8), "GRAYSKULLE75", "E75");
        family("GRAYSKULL-E150", "tenstorrent", List.of(8), "GRAYSKULLE150", "E150");
    }

    private GpuModels() {}

    private static void nvidia(String name, List<Integer> sizes, String... aliases) {
        family(name, "nvidia", sizes, aliases);
    }

    private static void family(String name, String vendor, List<Integer> sizes, String... aliases) {
        GpuFamily family = new GpuFamily(name, vendor, sizes);
        FAMILIES.put(name, family);
        for (String alias : aliases) {
            ALIASES.put(alias, new Alias(family, null));
        }
    }

    private static void pinned(String familyName, int sizeGb, String alias) {
        ALIASES.put(alias, new Alias(FAMILIES.get(familyName), sizeGb));
    }

    /** Resolves a free-form GPU name with no memory hint. */
    public static Optional<GpuSpec> resolve(String name) {
        return resolve(name, OptionalDouble.empty());
    }

    /**
     * Resolves a free-form GPU name.
     *
     * @param name the provider's name, e.g. {@code "A100-80GB"}, {@code "NVIDIA-H100-80GB-HBM3"}
     * @param memoryPerGpuGibHint memory of one GPU when the source lists it separately; used only to
     *        choose between the sizes of a family, and only when it is within 20% of one of them
     */
    public static Optional<GpuSpec> resolve(String name, OptionalDouble memoryPerGpuGibHint) {
        if (name == null || name.isBlank()) {
            return Optional.empty();
        }
        StringBuilder key = new StringBuilder();
        Integer namedMemory = null;
        for (String token : name.toUpperCase(Locale.ROOT).split("[^A-Z0-9]+")) {
            if (token.isEmpty() || NOISE_TOKENS.contains(token)) {
                continue;
            }
            Matcher memory = MEMORY_TOKEN.matcher(token);
            if (memory.matches()) {
                namedMemory = Integer.parseInt(memory.group(1));
                continue;
            }
            key.append(token);
        }
        Alias alias = ALIASES.get(key.toString());
        if (alias == null) {
            return Optional.empty();
        }
        GpuFamily family = alias.family();
        if (alias.pinnedSizeGb() != null) {
            return Optional.of(family.withMemory(alias.pinnedSizeGb()));
        }
        if (namedMemory != null) {
            Integer size = family.snap(namedMemory);
            // A name that states a size the family is not sold in is not trusted.
            return size == null ? Optional.empty() : Optional.of(family.withMemory(size));
        }
        if (memoryPerGpuGibHint.isPresent()) {
            Integer size = family.snap(memoryPerGpuGibHint.getAsDouble());
            if (size != null) {
                return Optional.of(family.withMemory(size));
            }
        }
        return Optional.of(family.withMemory(family.defaultSizeGb()));
    }

    /** The largest memory size of the family the name resolves to (for sanity checks on hints). */
    public static OptionalDouble largestSizeGb(String name) {
        return resolve(name)
                .map(s -> FAMILIES.get(s.family()).sizesGb().stream()
                        .mapToDouble(Integer::doubleValue)
                        .max())
                .orElse(OptionalDouble.empty());
    }

    /** The GPUs of an AWS EC2 instance type, e.g. {@code p5.48xlarge} -> 8 x H100-80GB. */
    public static Optional<GpuInstance> forAwsInstanceType(String instanceType) {
        return AwsGpuInstanceTypes.lookup(instanceType);
    }

    /** The AWS instance families that carry GPUs (p5, g6e, ...), e.g. as a default filter. */
    public static java.util.Set<String> awsGpuFamilies() {
        return AwsGpuInstanceTypes.familyPrefixes();
    }

    /** Every canonical model of the vocabulary (each family in each size it is sold in), by name. */
    public static List<GpuSpec> all() {
        return FAMILIES.values().stream()
                .flatMap(family -> family.sizesGb().stream().map(family::withMemory))
                .sorted(java.util.Comparator.comparing(GpuSpec::model))
                .toList();
    }

    /** A canonical model by its canonical name, e.g. {@code "A100-80GB"}. */
    public static Optional<GpuSpec> byCanonicalName(String model) {
        return resolve(model).filter(s -> s.model().equals(model));
    }
}
