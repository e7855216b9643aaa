package dev.gpuarb.connectors.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gpuarb.avro.GpuPriceObservation;
import dev.gpuarb.avro.PricingModel;
import dev.gpuarb.connectors.awsspot.SpotPriceTestSupport;
import dev.gpuarb.connectors.litellm.LiteLlmPriceParser;
import dev.gpuarb.connectors.skypilot.SkyPilotCatalogParser;
import dev.gpuarb.vocab.CurrencyRates;
import dev.gpuarb.vocab.GpuModels;
import dev.gpuarb.vocab.RejectReason;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** One test per class of bad input: each becomes a rejection with reason, location and excerpt. */
class BadInputTest {

    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    private static final String HEADER =
            "InstanceType,AcceleratorName,AcceleratorCount,vCPUs,MemoryGiB,Price,Region,GpuInfo,SpotPrice\n";

    private final SkyPilotCatalogParser catalog =
            new SkyPilotCatalogParser(CurrencyRates.defaults(), PriceLimits.defaults(), Set.of());
    private final LiteLlmPriceParser litellm = new LiteLlmPriceParser(Set.of("chat"), PriceLimits.defaults());

    private ParseResult catalogRows(String rows) {
        return catalog.parse(new StringReader(HEADER + rows), "acme", "acme-vms.csv", NOW);
    }

    private static Rejection only(ParseResult result) {
        assertThat(result.rejected()).hasSize(1);
        return result.rejected().get(0);
    }

    @Test
    void truncatedJsonKeepsCompleteEntriesAndRejectsTheRest() {
        String doc = "{\"m1\": {\"litellm_provider\": \"openai\", \"mode\": \"chat\", \"input_cost_per_token\": 1e-06,"
                + " \"output_cost_per_token\": 2e-06}, \"m2\": {\"litellm_provider\": \"open";
        ParseResult result = litellm.parse(doc.getBytes(StandardCharsets.UTF_8), "prices.json", NOW);

        assertThat(result.accepted()).hasSize(1);
        Rejection r = only(result);
        assertThat(r.reason()).isEqualTo(RejectReason.MALFORMED_JSON);
        assertThat(r.location()).startsWith("prices.json at line 1");
        assertThat(r.rawExcerpt()).contains("\"m2\"");
    }

    @Test
    void jsonThatIsNotAnObjectIsRejected() {
        Rejection r = only(litellm.parse("[1,2]".getBytes(StandardCharsets.UTF_8), "prices.json", NOW));
        assertThat(r.reason()).isEqualTo(RejectReason.MALFORMED_JSON);
        assertThat(r.rawExcerpt()).isEqualTo("[1,2]");
    }

    @Test
    void csvRowWithTheWrongNumberOfFieldsIsRejectedAndTheNextRowStillParses() {
        ParseResult result = catalogRows("a1,H100,1,8,64,2.5\nb1,H100,1,8,64,2.5,us-east,,\n");
        Rejection r = only(result);
        assertThat(r.reason()).isEqualTo(RejectReason.MALFORMED_ROW);
        assertThat(r.location()).isEqualTo("acme-vms.csv:2");
        assertThat(r.rawExcerpt()).isEqualTo("a1,H100,1,8,64,2.5");
        assertThat(result.accepted()).hasSize(1);
    }

    @Test
    void csvWithABrokenQuoteIsRejectedNotThrown() {
        ParseResult result = catalogRows("a1,H100,1,8,64,2.5,us-east,,\nb1,H100,1,8,64,\"2.5,us-east,,\n");
        assertThat(result.accepted()).hasSize(1);
        assertThat(result.rejected()).extracting(Rejection::reason).containsOnly(RejectReason.MALFORMED_ROW);
    }

    @Test
    void missingFieldsAreNamed() {
        Rejection region = only(catalogRows("a1,H100,1,8,64,2.5,,,\n"));
        assertThat(region.reason()).isEqualTo(RejectReason.MISSING_FIELD);
        assertThat(region.detail()).contains("Region");

        Rejection price = only(catalogRows("a1,H100,1,8,64,,us-east,,\n"));
        assertThat(price.reason()).isEqualTo(RejectReason.MISSING_FIELD);
        assertThat(price.location()).endsWith("(Price)");

        String noOutput =
                "{\"m\": {\"litellm_provider\": \"openai\", \"mode\": \"chat\", \"input_cost_per_token\": 1e-06}}";
        Rejection output = only(litellm.parse(noOutput.getBytes(StandardCharsets.UTF_8), "p.json", NOW));
        assertThat(output.reason()).isEqualTo(RejectReason.MISSING_FIELD);
        assertThat(output.detail()).startsWith("output_cost_per_token");

        Rejection header = only(catalog.parse(new StringReader("InstanceType,Price\nx,1\n"), "acme", "h.csv", NOW));
        assertThat(header.reason()).isEqualTo(RejectReason.MISSING_FIELD);
        assertThat(header.detail()).contains("AcceleratorName", "Region");
    }

    @Test
    void negativePricesAreRejected() {
        Rejection r = only(catalogRows("a1,H100,1,8,64,-2.5,us-east,,\n"));
        assertThat(r.reason()).isEqualTo(RejectReason.NEGATIVE_PRICE);

        String doc = "{\"m\": {\"litellm_provider\": \"x\", \"mode\": \"chat\", \"input_cost_per_token\": -1e-06,"
                + " \"output_cost_per_token\": 2e-06}}";
        assertThat(only(litellm.parse(doc.getBytes(StandardCharsets.UTF_8), "p.json", NOW))
                        .reason())
                .isEqualTo(RejectReason.NEGATIVE_PRICE);
    }

    @Test
    void nanAndInfinitePricesAreRejected() {
        assertThat(only(catalogRows("a1,H100,1,8,64,NaN,us-east,,\n")).reason()).isEqualTo(RejectReason.NAN_PRICE);
        assertThat(only(catalogRows("a1,H100,1,8,64,Infinity,us-east,,\n")).reason())
                .isEqualTo(RejectReason.NAN_PRICE);
    }

    @Test
    void absurdPricesAreRejected() {
        Rejection r = only(catalogRows("a1,H100,8,8,64,98000,us-east,,\n"));
        assertThat(r.reason()).isEqualTo(RejectReason.ABSURD_PRICE);
        assertThat(r.detail()).contains("12250.0");

        String doc = "{\"m\": {\"litellm_provider\": \"x\", \"mode\": \"chat\", \"input_cost_per_token\": 5,"
                + " \"output_cost_per_token\": 2e-06}}";
        assertThat(only(litellm.parse(doc.getBytes(StandardCharsets.UTF_8), "p.json", NOW))
                        .reason())
                .isEqualTo(RejectReason.ABSURD_PRICE);
    }

    @Test
    void zeroGpuPricesAreRejectedButFreeTokensAreNot() {
        assertThat(only(catalogRows("a1,H100,1,8,64,0.0,us-east,,\n")).reason()).isEqualTo(RejectReason.ZERO_PRICE);

        String doc = "{\"m\": {\"litellm_provider\": \"x\", \"mode\": \"chat\", \"input_cost_per_token\": 0,"
                + " \"output_cost_per_token\": 0}}";
        ParseResult free = litellm.parse(doc.getBytes(StandardCharsets.UTF_8), "p.json", NOW);
        assertThat(free.rejected()).isEmpty();
        assertThat(((dev.gpuarb.avro.TokenPriceObservation)
                                free.accepted().get(0).value())
                        .getTags())
                .contains("free");
    }

    @Test
    void unparsableNumbersAreRejected() {
        Rejection r = only(catalogRows("a1,H100,1,8,64,two dollars,us-east,,\n"));
        assertThat(r.reason()).isEqualTo(RejectReason.BAD_NUMBER);
        assertThat(r.detail()).contains("two dollars");
    }

    @Test
    void unknownCurrencyIsRejected() {
        GpuOffer offer = new GpuOffer(
                "test",
                "acme",
                "us-east",
                null,
                "a1",
                GpuModels.forAwsInstanceType("p5.48xlarge").orElseThrow(),
                PricingModel.ON_DEMAND,
                50.0,
                "XYZ",
                NOW,
                Map.of());
        Checked<PriceItem> item = offer.toPriceItem(CurrencyRates.defaults(), PriceLimits.defaults());
        assertThat(item).isInstanceOf(Checked.Failed.class);
        assertThat(((Checked.Failed<PriceItem>) item).reason()).isEqualTo(RejectReason.UNKNOWN_CURRENCY);

        GpuOffer euro = new GpuOffer(
                "test",
                "acme",
                "eu-west",
                null,
                "a1",
                GpuModels.forAwsInstanceType("p5.48xlarge").orElseThrow(),
                PricingModel.ON_DEMAND,
                80.0,
                "EUR",
                NOW,
                Map.of());
        GpuPriceObservation converted =
                (GpuPriceObservation) euro.toPriceItem(CurrencyRates.parse("EUR=1.25"), PriceLimits.defaults())
                        .value()
                        .value();
        assertThat(converted.getUsdPerHour()).isEqualTo(100.0);
        assertThat(converted.getUsdPerGpuHour()).isEqualTo(12.5);
        assertThat(converted.getOriginalAmount()).isEqualTo(80.0);
        assertThat(converted.getCurrency()).isEqualTo("EUR");
    }

    @Test
    void pricesDatedAheadOfTheClockAreRejected() {
        java.time.Instant later = java.time.Instant.now().plus(java.time.Duration.ofHours(2));
        GpuOffer gpu = new GpuOffer(
                "test",
                "acme",
                "us-east",
                null,
                "a1",
                GpuModels.forAwsInstanceType("p5.48xlarge").orElseThrow(),
                PricingModel.SPOT,
                20.0,
                "USD",
                later,
                Map.of());
        Checked<PriceItem> item = gpu.toPriceItem(CurrencyRates.defaults(), PriceLimits.defaults());
        assertThat(((Checked.Failed<PriceItem>) item).reason()).isEqualTo(RejectReason.FUTURE_TIMESTAMP);

        TokenOffer tokens =
                new TokenOffer("test", "acme", "llama-3-70b", null, 0.5, 0.9, null, 8192L, later, List.of());
        assertThat(((Checked.Failed<PriceItem>) tokens.toPriceItem(PriceLimits.defaults())).reason())
                .isEqualTo(RejectReason.FUTURE_TIMESTAMP);

        GpuOffer soon = new GpuOffer(
                "test",
                "acme",
                "us-east",
                null,
                "a1",
                GpuModels.forAwsInstanceType("p5.48xlarge").orElseThrow(),
                PricingModel.SPOT,
                20.0,
                "USD",
                java.time.Instant.now().plusSeconds(60),
                Map.of());
        assertThat(soon.toPriceItem(CurrencyRates.defaults(), PriceLimits.defaults())
                        .isOk())
                .isTrue();
    }

    @Test
    void unknownGpuIsRejected() {
        Rejection r = only(catalogRows("a1,Quantum9000,1,8,64,2.5,us-east,,\n"));
        assertThat(r.reason()).isEqualTo(RejectReason.UNKNOWN_GPU);
        assertThat(r.detail()).contains("Quantum9000");
    }

    @Test
    void fractionalOrZeroGpuCountsAreRejected() {
        assertThat(only(catalogRows("a1,H100,0.5,8,64,2.5,us-east,,\n")).reason())
                .isEqualTo(RejectReason.BAD_GPU_COUNT);
        assertThat(only(catalogRows("a1,H100,0,8,64,2.5,us-east,,\n")).reason()).isEqualTo(RejectReason.BAD_GPU_COUNT);
    }

    @Test
    void spotHistoryBadLinesAreRejected() {
        String tsv = String.join(
                        "\n",
                        "use1-az1\tp5.48xlarge\tLinux/UNIX\t30.5\t2026-03-01T10:00:00+00:00",
                        "use1-az1\tp5.48xlarge\tLinux/UNIX",
                        "xx9-az1\tp5.48xlarge\tLinux/UNIX\t30.5\t2026-03-01T10:00:00+00:00",
                        "use1-az1\tp5.48xlarge\tLinux/UNIX\t30.5\tyesterday",
                        "use1-az1\tp5.97xlarge\tLinux/UNIX\t30.5\t2026-03-01T10:00:00+00:00",
                        "use1-az1\tp5.48xlarge\tLinux/UNIX\t-1\t2026-03-01T10:00:00+00:00")
                + "\n";
        ParseResult result = SpotPriceTestSupport.parseAll(tsv, "dump.tsv", "Linux/UNIX");
        assertThat(result.accepted()).hasSize(1);
        assertThat(result.rejected())
                .extracting(Rejection::reason)
                .containsExactly(
                        RejectReason.MALFORMED_ROW,
                        RejectReason.UNKNOWN_REGION,
                        RejectReason.BAD_TIMESTAMP,
                        RejectReason.UNKNOWN_GPU,
                        RejectReason.NEGATIVE_PRICE);
        assertThat(result.rejected())
                .extracting(Rejection::location)
                .containsExactly("dump.tsv:2", "dump.tsv:3", "dump.tsv:4", "dump.tsv:5", "dump.tsv:6");
    }

    @Test
    void excerptsAreBounded() {
        Rejection r = new Rejection("s", RejectReason.MALFORMED_JSON, "d", "y".repeat(10_000), "l");
        assertThat(r.rawExcerpt()).hasSize(Rejection.MAX_EXCERPT_CHARS + 3);
        assertThat(r.toAvro(NOW).getReason()).isEqualTo("MALFORMED_JSON");
    }
}
