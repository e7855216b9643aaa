package dev.gpuarb.vocab;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The GPU instance families of AWS EC2 and how many GPUs each size carries. Instance types encode
 * no GPU name, so this is a table; it lists the GPU families, not FPGA (f1), Gaudi (dl1),
 * Inferentia (inf*), Trainium (trn*) or video transcoding (vt1) ones.
 */
final class AwsGpuInstanceTypes {

    private static final Map<String, GpuInstance> TYPES = new HashMap<>();

    static {
        family("p2", "K80", "xlarge", 1, "8xlarge", 8, "16xlarge", 16);
        family("p3", "V100-16GB", "2xlarge", 1, "8xlarge", 4, "16xlarge", 8);
        family("p3dn", "V100-32GB", "24xlarge", 8);
        family("p4d", "A100-40GB", "24xlarge", 8);
        family("p4de", "A100-80GB", "24xlarge", 8);
        family("p5", "H100-80GB", "4xlarge", 1, "48xlarge", 8);
        family("p5e", "H200", "48xlarge", 8);
        family("p5en", "H200", "48xlarge", 8);
        family("p6-b200", "B200", "48xlarge", 8);
        family("p6-b300", "B300", "48xlarge", 8);
        family("g2", "K520", "2xlarge", 1, "8xlarge", 4);
        family("g3s", "M60", "xlarge", 1);
        family("g3", "M60", "4xlarge", 1, "8xlarge", 2, "16xlarge", 4);
        family(
                "g4dn",
                "T4",
                "xlarge",
                1,
                "2xlarge",
                1,
                "4xlarge",
                1,
                "8xlarge",
                1,
                "16xlarge",
                1,
                "12xlarge",
                4,
                "metal",
                8);
        family("g4ad", "V520", "xlarge", 1, "2xlarge", 1, "4xlarge", 1, "8xlarge", 2, "16xlarge", 4);
        family(
                "g5",
                "A10G",
                "xlarge",
                1,
                "2xlarge",
                1,
                "4xlarge",
                1,
                "8xlarge",
                1,
                "16xlarge",
                1,
                "12xlarge",
                4,
                "24xlarge",
                4,
                "48xlarge",
                8);
        family("g5g", "T4G", "xlarge", 1, "2xlarge", 1, "4xlarge", 1, "8xlarge", 1, "16xlarge", 2, "metal", 2);
        family(
                "g6",
                "L4",
                "xlarge",
                1,
                "2xlarge",
                1,
                "4xlarge",
                1,
                "8xlarge",
                1,
                "16xlarge",
                1,
                "12xlarge",
                4,
                "24xlarge",
                4,
                "48xlarge",
                8);
        family("gr6", "L4", "4xlarge", 1, "8xlarge", 1);
        family(
                "g6e",
                "L40S",
                "xlarge",
                1,
                "2xlarge",
                1,
                "4xlarge",
                1,
                "8xlarge",
                1,
                "16xlarge",
                1,
                "12xlarge",
                4,
                "24xlarge",
                4,
                "48xlarge",
                8);
    }

    private AwsGpuInstanceTypes() {}

    private static void family(String prefix, String model, Object... sizeAndCount) {
        GpuSpec gpu = GpuModels.resolve(model)
                .orElseThrow(() -> new IllegalStateException("unknown GPU in AWS table: " + model));
        for (int i = 0; i < sizeAndCount.length; i += 2) {
            TYPES.put(prefix + "." + sizeAndCount[i], new GpuInstance(gpu, (Integer) sizeAndCount[i + 1]));
        }
    }

    static Optional<GpuInstance> lookup(String instanceType) {
        return instanceType == null
                ? Optional.empty()
                : Optional.ofNullable(TYPES.get(instanceType.trim().toLowerCase(Locale.ROOT)));
    }

    /** The family prefixes in the table (p5, g6e, ...), for default GPU-family filters. */
    static Set<String> familyPrefixes() {
        Set<String> prefixes = new java.util.TreeSet<>();
        TYPES.keySet().forEach(t -> prefixes.add(t.substring(0, t.indexOf('.'))));
        return prefixes;
    }
}
