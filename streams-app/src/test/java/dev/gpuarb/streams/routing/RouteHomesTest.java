package dev.gpuarb.streams.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gpuarb.avro.RoutePolicy;
import dev.gpuarb.avro.SelfHostPolicy;
import dev.gpuarb.avro.WorkloadKind;
import dev.gpuarb.serde.AvroSerde;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

/** Homes and partitions of route engine inputs, and the binary forms that carry them across the hop. */
class RouteHomesTest {

    private static final OfferSnapshot H100 = new OfferSnapshot(
            "aws|us-east-1|p5|SPOT",
            "GPU_HOURS",
            "aws",
            "us-east-1",
            null,
            "p5.48xlarge",
            "H100-80GB",
            80,
            8,
            "SPOT",
            3.5,
            0,
            0,
            List.of("us"),
            1_000L,
            2_000L,
            OfferSnapshot.Status.LIVE);
    private static final OfferSnapshot TOKENS = new OfferSnapshot(
            "together|llama",
            "TOKENS",
            "together",
            null,
            null,
            "Llama-3-70B",
            null,
            0,
            0,
            null,
            0,
            0.9,
            0.9,
            List.of(),
            1_000L,
            null,
            OfferSnapshot.Status.LIVE);

    @Test
    void aPolicyLivesWhereTheOffersItCanChooseAre() {
        RoutePolicy h100 = policy(WorkloadKind.GPU_HOURS, "h100-80gb", null);
        RoutePolicy anyGpu = policy(WorkloadKind.GPU_HOURS, null, null);
        RoutePolicy llama = policy(WorkloadKind.TOKENS, null, "LLAMA-3-70b");
        RoutePolicy selfHostedLlama = RoutePolicy.newBuilder(llama)
                .setSelfHost(SelfHostPolicy.newBuilder()
                        .setModel("llama-3.1-70b-instruct")
                        .build())
                .build();
        for (int partitions = 1; partitions <= 7; partitions++) {
            Set<Integer> gpuTargets = RoutePartitioners.offers()
                    .partitions("t", H100.offerId(), new RoutedOffer(H100, null), partitions)
                    .orElseThrow();
            assertThat(gpuTargets)
                    .containsExactlyInAnyOrderElementsOf(distinct(
                            RouteHomes.partition(RouteHomes.of(h100), partitions),
                            RouteHomes.partition(RouteHomes.of(anyGpu), partitions)));
            // A token offer reaches its model's routes and the self-hosting ones, which need GPU offers too.
            assertThat(RoutePartitioners.offers()
                            .partitions("t", TOKENS.offerId(), new RoutedOffer(TOKENS, null), partitions)
                            .orElseThrow())
                    .containsExactlyInAnyOrderElementsOf(distinct(
                            RouteHomes.partition(RouteHomes.of(llama), partitions),
                            RouteHomes.partition(RouteHomes.of(selfHostedLlama), partitions)));
            assertThat(gpuTargets).contains(RouteHomes.partition(RouteHomes.of(selfHostedLlama), partitions));
            assertThat(RoutePartitioners.latency()
                            .partitions("t", "e", null, partitions)
                            .orElseThrow())
                    .hasSize(partitions);
        }
        assertThat(RouteHomes.of(h100)).isEqualTo(RouteHomes.of(H100)).isNotEqualTo(RouteHomes.of(anyGpu));
        assertThat(RouteHomes.of(llama)).isEqualTo(RouteHomes.of(TOKENS));
        assertThat(RouteHomes.of(selfHostedLlama)).isEqualTo(RouteHomes.ANY_GPU);
    }

    @Test
    void anOfferThatChangedProductAlsoReachesItsOldHome() {
        String oldHome = RouteHomes.of(policy(WorkloadKind.GPU_HOURS, "A100-80GB", null));
        // With enough partitions the old home's partition differs from the new ones for some count.
        boolean sawSeparate = false;
        for (int partitions = 2; partitions <= 16; partitions++) {
            Set<Integer> targets = RoutePartitioners.offers()
                    .partitions("t", H100.offerId(), new RoutedOffer(H100, oldHome), partitions)
                    .orElseThrow();
            assertThat(targets).contains(RouteHomes.partition(oldHome, partitions));
            sawSeparate |= targets.size() == 3;
        }
        assertThat(sawSeparate).isTrue();
    }

    @Test
    void routedOffersAndRouteCommandsSurviveTheirRoundTrip() {
        RoutedOfferSerde offers = new RoutedOfferSerde();
        for (RoutedOffer o : List.of(new RoutedOffer(H100, null), new RoutedOffer(TOKENS, "TOKENS:other"))) {
            assertThat(offers.deserializer()
                            .deserialize("t", offers.serializer().serialize("t", o)))
                    .isEqualTo(o);
        }
        AvroSerde<RoutePolicy> policies = AvroSerde.specific(RoutePolicy.class);
        policies.configure(Map.of("schema.registry.url", "mock://route-homes-" + UUID.randomUUID()), false);
        RouteCommandSerde commands = new RouteCommandSerde(policies);
        RoutePolicy policy = policy(WorkloadKind.GPU_HOURS, "L4", null);
        for (RouteCommand c : List.of(
                new RouteCommand("GPU_HOURS:l4", new RouteInput.PolicyChanged("r1", policy)),
                new RouteCommand("GPU_HOURS:l4", new RouteInput.PolicyChanged("r1", null)),
                new RouteCommand("ROUTE:r2", new RouteInput.PolicyRefused("r2", "maxPrice must be positive")),
                new RouteCommand("GPU_HOURS", new RouteInput.RouteMoved("r3")),
                new RouteCommand("ROUTE:r4", new RouteInput.RouteHomed("r4", "TOKENS:x")),
                new RouteCommand("ROUTE:r4", new RouteInput.RouteHomed("r4", null)))) {
            assertThat(commands.deserializer()
                            .deserialize("t", commands.serializer().serialize("t", c)))
                    .isEqualTo(c);
        }
        byte[] good = commands.serializer().serialize("t", new RouteCommand("h", new RouteInput.RouteMoved("r")));
        assertThatThrownBy(() -> commands.deserializer().deserialize("t", Arrays.copyOf(good, good.length - 3)))
                .isInstanceOf(SerializationException.class);
        assertThatThrownBy(() -> offers.deserializer().deserialize("t", new byte[] {9, 0}))
                .isInstanceOf(SerializationException.class);
    }

    private static Set<Integer> distinct(Integer... partitions) {
        return new java.util.TreeSet<>(List.of(partitions));
    }

    private static RoutePolicy policy(WorkloadKind kind, String gpuModel, String model) {
        return RoutePolicy.newBuilder()
                .setRouteId("r")
                .setKind(kind)
                .setGpuModel(gpuModel)
                .setModel(model)
                .setUpdatedAt(Instant.ofEpochMilli(1_000))
                .build();
    }
}
