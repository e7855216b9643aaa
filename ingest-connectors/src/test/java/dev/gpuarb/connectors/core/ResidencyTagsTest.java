package dev.gpuarb.connectors.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gpuarb.avro.GpuPriceObservation;
import dev.gpuarb.avro.PricingModel;
import dev.gpuarb.avro.TokenPriceObservation;
import dev.gpuarb.vocab.CurrencyRates;
import dev.gpuarb.vocab.GpuInstance;
import dev.gpuarb.vocab.GpuModels;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ResidencyTagsTest {

    private static final Instant AT = Instant.parse("2026-01-01T00:00:00Z");

    private static GpuOffer gpu(String provider, String region) {
        GpuInstance h100 =
                new GpuInstance(GpuModels.byCanonicalName("H100-80GB").orElseThrow(), 8);
        return new GpuOffer(
                "test",
                provider,
                region,
                null,
                "p5.48xlarge",
                h100,
                PricingModel.ON_DEMAND,
                98.32,
                "USD",
                AT,
                Map.of());
    }

    private static PriceItem item(GpuOffer offer) {
        return offer.toPriceItem(CurrencyRates.defaults(), PriceLimits.defaults())
                .value();
    }

    @Test
    void gpuOffersCarryTheirRegionsResidency() {
        GpuPriceObservation frankfurt =
                (GpuPriceObservation) item(gpu("aws", "eu-central-1")).value();
        assertThat(frankfurt.getComplianceTags()).containsExactlyInAnyOrder("de", "eu", "eea", "gdpr");
        GpuPriceObservation london =
                (GpuPriceObservation) item(gpu("aws", "eu-west-2")).value();
        assertThat(london.getComplianceTags()).containsExactlyInAnyOrder("gb", "uk", "gdpr");
    }

    @Test
    void anUnknownRegionGivesNoTagsAndIsCountedOncePerPrice() {
        ParseResult result = new ParseResult();
        result.accept(item(gpu("aws", "eu-central-1")));
        result.accept(item(gpu("aws", "atlantis-1")));
        result.accept(item(gpu("aws", "atlantis-1")));
        result.accept(item(gpu("hyperbolic", "default")));

        assertThat(((GpuPriceObservation) result.accepted().get(1).value()).getComplianceTags())
                .isEmpty();
        assertThat(result.unknownRegions())
                .containsExactlyInAnyOrderEntriesOf(Map.of("aws/atlantis-1", 2L, "hyperbolic/default", 1L));
        TaskMetrics metrics = new TaskMetrics();
        metrics.parsed(result);
        metrics.parsed(result);
        assertThat(metrics.unknownRegion()).isEqualTo(6);
        assertThat(metrics.unknownRegions()).containsEntry("aws/atlantis-1", 4L);
    }

    @Test
    void tokenOffersGetResidencyOnlyWhenTheyHaveARegion() {
        TokenOffer global = new TokenOffer("test", "openai", "gpt-4o", null, 2.5, 10, null, null, AT, List.of("batch"));
        TokenOffer eu = new TokenOffer("test", "azure", "gpt-4o", "eu", 2.75, 11, null, null, AT, List.of("batch"));
        TokenPriceObservation g = (TokenPriceObservation)
                global.toPriceItem(PriceLimits.defaults()).value().value();
        TokenPriceObservation e = (TokenPriceObservation)
                eu.toPriceItem(PriceLimits.defaults()).value().value();
        assertThat(g.getTags()).containsExactly("batch");
        assertThat(e.getTags()).containsExactlyInAnyOrder("batch", "eu", "eea", "gdpr");
        ParseResult result = new ParseResult();
        result.accept(global.toPriceItem(PriceLimits.defaults()).value());
        assertThat(result.unknownRegions())
                .as("a global offer is not an unknown region")
                .isEmpty();
    }

    @Test
    void residencyTagsChangeTheFingerprintOnlyWhereThereAreAny() {
        // An offer the vocabulary now places is sent again once, so consumers get its tags.
        String placed = item(gpu("aws", "eu-central-1")).fingerprint();
        String unplaced = item(gpu("aws", "atlantis-1")).fingerprint();
        assertThat(placed).isNotEqualTo(unplaced);
        assertThat(unplaced).isEqualTo(Fingerprints.of("H100-80GB", 8, 98.32, "USD"));
    }
}
