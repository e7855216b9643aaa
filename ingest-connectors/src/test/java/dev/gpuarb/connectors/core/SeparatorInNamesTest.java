package dev.gpuarb.connectors.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gpuarb.connectors.skypilot.SkyPilotCatalogParser;
import dev.gpuarb.vocab.CurrencyRates;
import dev.gpuarb.vocab.RejectReason;
import java.io.StringReader;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Names holding '|' would let two different offers share an offer id; they are rejected where they enter. */
class SeparatorInNamesTest {

    private static final Instant AT = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void twoCatalogRowsWhoseIdsWouldCollideAreRejectedAndTheCleanRowIsKept() {
        // Joined with '|', both rows would be acme|us-east-1|z1|b|gpu|ON_DEMAND.
        String csv = """
                InstanceType,AcceleratorName,AcceleratorCount,vCPUs,MemoryGiB,Price,Region,AvailabilityZone
                gpu,H100,1,16,64,2.50,us-east-1,z1|b
                b|gpu,H100,1,16,64,1.10,us-east-1,z1
                gpu,H100,1,16,64,2.40,us-east-1,z2
                """;
        ParseResult result = new SkyPilotCatalogParser(CurrencyRates.defaults(), PriceLimits.defaults(), Set.of())
                .parse(new StringReader(csv), "acme", "acme-vms.csv", AT);

        assertThat(result.accepted()).extracting(PriceItem::key).containsExactly("acme|us-east-1|z2|gpu|ON_DEMAND");
        assertThat(result.rejected()).hasSize(2).allSatisfy(r -> {
            assertThat(r.reason()).isEqualTo(RejectReason.SEPARATOR_IN_NAME);
            assertThat(r.detail()).contains("'|'");
        });
        assertThat(result.rejected())
                .extracting(Rejection::detail)
                .anySatisfy(d -> assertThat(d).startsWith("zone 'z1|b'"))
                .anySatisfy(d -> assertThat(d).startsWith("instanceType 'b|gpu'"));
    }

    @Test
    void tokenOffersWhoseIdsWouldCollideAreRejected() {
        // Both would be acme|m|x|eu.
        TokenOffer providerWithBar = token("acme|m", "x", "eu");
        TokenOffer modelWithBar = token("acme", "m|x", "eu");
        for (TokenOffer offer : List.of(providerWithBar, modelWithBar)) {
            Checked<PriceItem> item = offer.toPriceItem(PriceLimits.defaults());
            assertThat(item.isOk()).as(offer.toString()).isFalse();
            assertThat(item.toRejection("t", "", "").reason()).isEqualTo(RejectReason.SEPARATOR_IN_NAME);
        }
        assertThat(token("acme", "m", "eu")
                        .toPriceItem(PriceLimits.defaults())
                        .value()
                        .key())
                .isEqualTo("acme|m|eu");
    }

    private static TokenOffer token(String provider, String model, String region) {
        return new TokenOffer("t", provider, model, region, 1.0, 2.0, null, null, AT, List.of());
    }
}
