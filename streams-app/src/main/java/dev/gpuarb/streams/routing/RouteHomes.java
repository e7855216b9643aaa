package dev.gpuarb.streams.routing;

import dev.gpuarb.avro.RoutePolicy;
import dev.gpuarb.avro.WorkloadKind;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.common.utils.Utils;

/**
 * Where route state lives when the route engine runs on several partitions: every route and offer has
 * a home, a string naming its product, and the home picks the partition. A route's policy matches only
 * offers of its product, so a route and every offer it can choose share a partition:
 * <ul>
 *   <li>an offer's home is its kind and product (GPU model, or model name for tokens);</li>
 *   <li>a policy's home is the product it names; a GPU policy that names no GPU model, and a TOKENS
 *       policy that allows self-hosting, can use every GPU offer, so they live at {@link #ANY_GPU}, where
 *       every offer is also sent (token offers too, for the self-hosting routes);</li>
 *   <li>a route that never had a valid policy lives at {@link #unrouted} (its refusal is kept there).</li>
 * </ul>
 * Product names are case-folded as {@link Eligibility#matchesProduct} compares them.
 */
public final class RouteHomes {

    /** Home of the policies that can use any GPU offer; receives a copy of every offer. */
    public static final String ANY_GPU = WorkloadKind.GPU_HOURS.name();

    private RouteHomes() {}

    public static String of(OfferSnapshot offer) {
        String name = offer.workloadKind() == WorkloadKind.TOKENS ? offer.product() : offer.gpuModel();
        return ofProduct(offer.workloadKind(), name);
    }

    public static String of(RoutePolicy policy) {
        if ((policy.getKind() == WorkloadKind.GPU_HOURS && policy.getGpuModel() == null)
                || (policy.getKind() == WorkloadKind.TOKENS && policy.getSelfHost() != null)) {
            return ANY_GPU;
        }
        return ofProduct(
                policy.getKind(), policy.getKind() == WorkloadKind.TOKENS ? policy.getModel() : policy.getGpuModel());
    }

    /** Home of a route whose policy was refused before any was accepted. */
    public static String unrouted(String routeId) {
        return "ROUTE:" + routeId;
    }

    /** The partitions that hold state of an offer at {@code home}: its own and the any-GPU one. */
    public static Set<Integer> partitionsOfOffer(String home, String previousHome, int partitions) {
        Set<Integer> targets = new TreeSet<>();
        targets.add(partition(home, partitions));
        targets.add(partition(ANY_GPU, partitions));
        if (previousHome != null) {
            targets.add(partition(previousHome, partitions)); // so the old product's routes let it go
        }
        return targets;
    }

    /** The partition of a home: the hash Kafka's default partitioner uses for a string key. */
    public static int partition(String home, int partitions) {
        return Utils.toPositive(Utils.murmur2(home.getBytes(StandardCharsets.UTF_8))) % partitions;
    }

    /** The home of an offer of this kind and product (GPU model, or model name for tokens). */
    public static String ofProduct(WorkloadKind kind, String name) {
        return kind.name() + ":" + (name == null ? "-" : OffersByProduct.fold(name));
    }
}
