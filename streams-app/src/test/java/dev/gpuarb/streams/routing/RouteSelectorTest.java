package dev.gpuarb.streams.routing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gpuarb.avro.PricingModel;
import dev.gpuarb.avro.RoutePolicy;
import dev.gpuarb.avro.WorkloadKind;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RouteSelectorTest {

    private final RouteSelector selector = new RouteSelector(2);

    private static OfferSnapshot offer(
            String id,
            String provider,
            String region,
            String gpuModel,
            int memoryGb,
            PricingModel pm,
            double price,
            List<String> tags) {
        return new OfferSnapshot(
                id,
                WorkloadKind.GPU_HOURS.name(),
                provider,
                region,
                null,
                "inst",
                gpuModel,
                memoryGb,
                8,
                pm.name(),
                price,
                0,
                0,
                tags,
                0L,
                null,
                OfferSnapshot.Status.LIVE);
    }

    private static RoutePolicy.Builder policy() {
        return RoutePolicy.newBuilder()
                .setRouteId("r")
                .setKind(WorkloadKind.GPU_HOURS)
                .setUpdatedAt(Instant.EPOCH);
    }

    @Test
    void anyModelWithEnoughMemoryMatchesWhenNoModelIsNamed() {
        RoutePolicy p = policy().setMinGpuMemoryGb(80).build();

        assertThat(Eligibility.matchesProduct(
                        p, offer("a", "aws", "r", "H100-80GB", 80, PricingModel.SPOT, 1, List.of())))
                .isTrue();
        assertThat(Eligibility.matchesProduct(
                        p, offer("b", "aws", "r", "A100-40GB", 40, PricingModel.SPOT, 1, List.of())))
                .isFalse();
    }

    @Test
    void eachFilterGivesItsOwnReason() {
        RoutePolicy p = policy().setPricingModels(List.of(PricingModel.ON_DEMAND))
                .setAllowedRegions(List.of("eu-west-1"))
                .setExcludedProviders(List.of("vast"))
                .setRequiredTags(List.of("eu-residency"))
                .setMaxPrice(5.0)
                .build();
        List<String> eu = List.of("eu-residency");

        assertThat(Eligibility.whyIneligible(
                        p, offer("1", "aws", "eu-west-1", "H100-80GB", 80, PricingModel.SPOT, 1, eu), null))
                .contains(Eligibility.PRICING_MODEL);
        assertThat(Eligibility.whyIneligible(
                        p, offer("2", "aws", "us-east-1", "H100-80GB", 80, PricingModel.ON_DEMAND, 1, eu), null))
                .contains(Eligibility.REGION);
        assertThat(Eligibility.whyIneligible(
                        p, offer("3", "vast", "eu-west-1", "H100-80GB", 80, PricingModel.ON_DEMAND, 1, eu), null))
                .contains(Eligibility.PROVIDER);
        assertThat(Eligibility.whyIneligible(
                        p, offer("4", "aws", "eu-west-1", "H100-80GB", 80, PricingModel.ON_DEMAND, 1, List.of()), null))
                .contains(Eligibility.TAGS);
        assertThat(Eligibility.whyIneligible(
                        p, offer("5", "aws", "eu-west-1", "H100-80GB", 80, PricingModel.ON_DEMAND, 6, eu), null))
                .contains(Eligibility.OVER_PRICE);
        assertThat(Eligibility.whyIneligible(
                        p, offer("6", "aws", "eu-west-1", "H100-80GB", 80, PricingModel.ON_DEMAND, 4, eu), null))
                .isEmpty();
    }

    @Test
    void anOfferOfUnknownResidencyNeverMeetsAResidencyRequirementAndTheReasonSaysSo() {
        RoutePolicy p =
                policy().setGpuModel("H100-80GB").setRequiredTags(List.of("eu")).build();
        OfferSnapshot frankfurt = offer(
                "de", "aws", "eu-central-1", "H100-80GB", 80, PricingModel.SPOT, 3, List.of("de", "eu", "eea", "gdpr"));
        OfferSnapshot virginia = offer("us", "aws", "us-east-1", "H100-80GB", 80, PricingModel.SPOT, 2, List.of("us"));
        OfferSnapshot unplaced = offer("xx", "hyperbolic", "default", "H100-80GB", 80, PricingModel.SPOT, 1, List.of());

        assertThat(Eligibility.whyIneligible(p, frankfurt, null)).isEmpty();
        assertThat(Eligibility.whyIneligible(p, virginia, null)).contains(Eligibility.TAGS);
        assertThat(Eligibility.whyIneligible(p, unplaced, null)).contains(Eligibility.RESIDENCY_UNKNOWN);
        assertThat(Eligibility.whyIneligible(
                        policy().setRequiredTags(List.of("soc2")).build(), unplaced, null))
                .as("a tag that is not about residency")
                .contains(Eligibility.TAGS);

        Evaluation alone = FullScan.evaluate(p, List.of(virginia, unplaced), Map.of());
        assertThat(alone.eligible()).isEmpty();
        assertThat(alone.noRouteCause("GPU H100-80GB")).contains("1 " + Eligibility.RESIDENCY_UNKNOWN);
        Evaluation all = FullScan.evaluate(p, List.of(virginia, unplaced, frankfurt), Map.of());
        assertThat(all.eligible())
                .extracting(c -> c.getEndpoint().getOfferId().toString())
                .containsExactly("de");
    }

    @Test
    void unknownLatencyIsEligibleButAMeasuredSlowOneIsNot() {
        RoutePolicy p = policy().setMaxP99LatencyMs(100.0).build();
        OfferSnapshot o = offer("1", "aws", "r", "H100-80GB", 80, PricingModel.SPOT, 1, List.of());

        assertThat(Eligibility.whyIneligible(p, o, null)).isEmpty();
        assertThat(Eligibility.whyIneligible(p, o, new LatestLatency(150, 0, 1)))
                .contains(Eligibility.OVER_LATENCY);
        assertThat(Eligibility.whyIneligible(p, o, new LatestLatency(90, 0, 1))).isEmpty();
    }

    @Test
    void evaluationSortsCheapestFirstAndCountsExclusions() {
        RoutePolicy p = policy().setGpuModel("H100-80GB").setMaxPrice(3.0).build();
        List<OfferSnapshot> offers = List.of(
                offer("c", "aws", "r", "H100-80GB", 80, PricingModel.SPOT, 2.0, List.of()),
                offer("a", "aws", "r", "H100-80GB", 80, PricingModel.SPOT, 2.0, List.of()),
                offer("b", "aws", "r", "H100-80GB", 80, PricingModel.SPOT, 1.0, List.of()),
                offer("d", "aws", "r", "H100-80GB", 80, PricingModel.SPOT, 7.0, List.of()),
                offer("e", "aws", "r", "L4", 24, PricingModel.SPOT, 0.5, List.of()));

        Evaluation e = FullScan.evaluate(p, offers, Map.of());

        assertThat(e.eligible()).extracting(c -> c.getEndpoint().getOfferId()).containsExactly("b", "a", "c");
        assertThat(e.shortfall().matching()).isEqualTo(4);
        assertThat(e.shortfall().exclusions()).containsEntry(Eligibility.OVER_PRICE, 1);
    }
}
