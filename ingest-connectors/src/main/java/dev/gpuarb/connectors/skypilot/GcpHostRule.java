package dev.gpuarb.connectors.skypilot;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Which host VM a GCP accelerator row is paired with. GCP's catalog prices a GPU machine in two rows:
 * the accelerator (empty InstanceType) and the host machine type (empty AcceleratorName, CPU and
 * memory only). The host follows GCP's attachment rules as SkyPilot prices them:
 *
 * <ul>
 *   <li>A100, A100-80GB, H100, H100-MEGA, H200, B200 and L4 come only in their own machine types
 *       (a2-highgpu, a2-megagpu, a2-ultragpu, a3-highgpu, a3-megagpu, a3-ultragpu, a4-highgpu, g2-standard),
 *       one set per GPU count;</li>
 *   <li>every other GPU (T4, V100, P100, P4, K80) attaches to an N1 machine (n1-standard, n1-highmem,
 *       n1-highcpu) with at least a minimum number of vCPUs per GPU count and 4 GiB of memory per such
 *       vCPU, so that the machine is comparable with other clouds' instances of the same GPUs.</li>
 * </ul>
 *
 * Of the hosts that fit in the accelerator's zone, the one with the lowest on-demand price is taken.
 */
final class GcpHostRule {

    private static final List<String> N1_FAMILIES = List.of("n1-standard-", "n1-highmem-", "n1-highcpu-");
    private static final int MEMORY_GIB_PER_VCPU = 4;

    /** accelerator -> GPU count -> the machine types that carry exactly those GPUs. */
    private static final Map<String, Map<Integer, List<String>>> OWN_MACHINE_TYPES = Map.of(
            "A100",
                    Map.of(
                            1,
                            List.of("a2-highgpu-1g"),
                            2,
                            List.of("a2-highgpu-2g"),
                            4,
                            List.of("a2-highgpu-4g"),
                            8,
                            List.of("a2-highgpu-8g"),
                            16,
                            List.of("a2-megagpu-16g")),
            "A100-80GB",
                    Map.of(
                            1,
                            List.of("a2-ultragpu-1g"),
                            2,
                            List.of("a2-ultragpu-2g"),
                            4,
                            List.of("a2-ultragpu-4g"),
                            8,
                            List.of("a2-ultragpu-8g")),
            "H100",
                    Map.of(
                            1,
                            List.of("a3-highgpu-1g"),
                            2,
                            List.of("a3-highgpu-2g"),
                            4,
                            List.of("a3-highgpu-4g"),
                            8,
                            List.of("a3-highgpu-8g")),
            "H100-MEGA", Map.of(8, List.of("a3-megagpu-8g")),
            "H200", Map.of(8, List.of("a3-ultragpu-8g")),
            "B200", Map.of(8, List.of("a4-highgpu-8g")),
            "L4",
                    Map.of(
                            1,
                            List.of(
                                    "g2-standard-4",
                                    "g2-standard-8",
                                    "g2-standard-12",
                                    "g2-standard-16",
                                    "g2-standard-32"),
                            2,
                            List.of("g2-standard-24"),
                            4,
                            List.of("g2-standard-48"),
                            8,
                            List.of("g2-standard-96")));

    /** accelerator -> GPU count -> minimum vCPUs of an N1 host; GPUs not named use DEFAULT. */
    private static final Map<String, Map<Integer, Integer>> N1_MIN_VCPUS = Map.of(
            "K80", Map.of(1, 4, 2, 8, 4, 16, 8, 32, 16, 64),
            "T4", Map.of(1, 4, 2, 8, 4, 48),
            "V100", Map.of(1, 8, 2, 16, 4, 32, 8, 64),
            "P100", Map.of(1, 8, 2, 16, 4, 32, 8, 64),
            "DEFAULT", Map.of(1, 8, 2, 16, 4, 32, 8, 64, 16, 128));

    private final Predicate<HostVm> fits;
    private final String requirement;
    private final boolean ownMachineType;

    private GcpHostRule(Predicate<HostVm> fits, String requirement, boolean ownMachineType) {
        this.fits = fits;
        this.requirement = requirement;
        this.ownMachineType = ownMachineType;
    }

    /** The rule for this accelerator and count, or empty when GCP offers no machine with that count. */
    static Optional<GcpHostRule> of(String accelerator, int count) {
        String name = accelerator.toUpperCase(Locale.ROOT);
        Map<Integer, List<String>> own = OWN_MACHINE_TYPES.get(name);
        if (own != null) {
            List<String> types = own.get(count);
            return Optional.ofNullable(types)
                    .map(t ->
                            new GcpHostRule(h -> t.contains(h.instanceType()), "one of the machine types " + t, true));
        }
        Integer minVcpus =
                N1_MIN_VCPUS.getOrDefault(name, N1_MIN_VCPUS.get("DEFAULT")).get(count);
        if (minVcpus == null) {
            return Optional.empty();
        }
        int minMemory = minVcpus * MEMORY_GIB_PER_VCPU;
        return Optional.of(new GcpHostRule(
                h -> N1_FAMILIES.stream().anyMatch(h.instanceType()::startsWith)
                        && h.vCpus() >= minVcpus
                        && h.memoryGib() >= minMemory,
                "an N1 machine (n1-standard, n1-highmem, n1-highcpu) with at least " + minVcpus + " vCPUs and "
                        + minMemory + " GiB",
                false));
    }

    /** The cheapest host that fits, by on-demand price; hosts without one cannot be priced and are passed over. */
    Optional<HostVm> cheapest(List<HostVm> zoneHosts) {
        return zoneHosts.stream()
                .filter(h -> h.price() != null && h.price() > 0)
                .filter(fits)
                .min(Comparator.comparingDouble(HostVm::price));
    }

    /** What the host must be, for a rejection that says why no host was found. */
    String requirement() {
        return requirement;
    }

    /**
     * The offer's instance type: a machine type that carries its GPUs names them already (a2-highgpu-1g);
     * an N1 host does not, so the accelerator is added (n1-standard-8+T4x1).
     */
    String instanceType(HostVm host, String accelerator, int count) {
        return ownMachineType ? host.instanceType() : host.instanceType() + "+" + accelerator + "x" + count;
    }
}
