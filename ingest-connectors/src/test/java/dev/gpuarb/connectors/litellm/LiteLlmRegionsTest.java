package dev.gpuarb.connectors.litellm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gpuarb.avro.TokenPriceObservation;
import dev.gpuarb.connectors.core.ParseResult;
import dev.gpuarb.connectors.core.PriceItem;
import dev.gpuarb.connectors.core.PriceLimits;
import dev.gpuarb.testkit.SharedData;
import dev.gpuarb.vocab.Jurisdictions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class LiteLlmRegionsTest {

    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
    private static final LiteLlmPriceParser PARSER = new LiteLlmPriceParser(Set.of("chat"), PriceLimits.defaults());

    private static Map<String, TokenPriceObservation> parse(String json) {
        ParseResult result = PARSER.parse(json.getBytes(StandardCharsets.UTF_8), "test", NOW);
        assertThat(result.rejected()).isEmpty();
        return result.accepted().stream()
                .map(PriceItem::value)
                .map(TokenPriceObservation.class::cast)
                .collect(Collectors.toMap(t -> t.getProviderModelId(), Function.identity()));
    }

    private static String entry(String key, String provider) {
        return "\"" + key + "\": {\"litellm_provider\": \"" + provider + "\", \"mode\": \"chat\", "
                + "\"input_cost_per_token\": 0.000003, \"output_cost_per_token\": 0.000015}";
    }

    @Test
    void regionalEntriesCarryTheirRegionAndItsResidency() {
        Map<String, TokenPriceObservation> offers = parse("{"
                + String.join(
                        ",",
                        entry("azure/eu/gpt-4o-2024-08-06", "azure"),
                        entry("bedrock/eu-west-3/mistral.mistral-large-2402-v1:0", "bedrock"),
                        entry("eu.anthropic.claude-3-5-sonnet-20240620-v1:0", "bedrock"),
                        entry("bedrock/us-east-1/meta.llama3-70b-instruct-v1:0", "bedrock"),
                        entry("azure/global/gpt-4o-2024-08-06", "azure"),
                        entry("gpt-4o", "openai"))
                + "}");

        TokenPriceObservation azureEu = offers.get("azure/eu/gpt-4o-2024-08-06");
        assertThat(azureEu.getRegion()).isEqualTo("eu");
        assertThat(azureEu.getTags()).contains("eu", "eea", "gdpr");
        TokenPriceObservation paris = offers.get("bedrock/eu-west-3/mistral.mistral-large-2402-v1:0");
        assertThat(paris.getRegion()).isEqualTo("eu-west-3");
        assertThat(paris.getTags()).contains("fr", "eu", "gdpr");
        TokenPriceObservation profile = offers.get("eu.anthropic.claude-3-5-sonnet-20240620-v1:0");
        assertThat(profile.getRegion()).isEqualTo("eu");
        assertThat(profile.getModel()).isEqualTo("claude-3-5-sonnet-20240620");
        assertThat(offers.get("bedrock/us-east-1/meta.llama3-70b-instruct-v1:0").getTags())
                .contains("us")
                .doesNotContain("eu");
        for (String global : List.of("azure/global/gpt-4o-2024-08-06", "gpt-4o")) {
            assertThat(offers.get(global).getRegion()).as(global).isNull();
            assertThat(Jurisdictions.hasResidency(offers.get(global).getTags()))
                    .as(global)
                    .isFalse();
        }
        assertThat(azureEu.getOfferId())
                .as("the EU deployment is its own offer")
                .isNotEqualTo(offers.get("azure/global/gpt-4o-2024-08-06").getOfferId());
    }

    @Test
    void anAwsRegionTheVocabularyDoesNotKnowGivesNoTagsAndIsCounted() {
        ParseResult result = PARSER.parse(
                ("{" + entry("bedrock/xx-moon-9/meta.llama3-70b-instruct-v1:0", "bedrock") + "}")
                        .getBytes(StandardCharsets.UTF_8),
                "test",
                NOW);
        TokenPriceObservation offer =
                (TokenPriceObservation) result.accepted().get(0).value();
        assertThat(offer.getRegion()).isEqualTo("xx-moon-9");
        assertThat(Jurisdictions.hasResidency(offer.getTags())).isFalse();
        assertThat(result.unknownRegions()).containsExactly(Map.entry("bedrock/xx-moon-9", 1L));
    }

    @Test
    void theRealSnapshotsStateNoRegionSoTheirOffersHaveNoResidency() throws IOException {
        Path dir = SharedData.require("litellm");
        List<Path> files;
        try (Stream<Path> list = Files.list(dir)) {
            files = list.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
        assertThat(files).isNotEmpty();
        for (Path file : files) {
            byte[] document = Files.readAllBytes(file);
            // Independently of the parser: no key of these snapshots has a path segment to hold a region
            // in, nor starts with a Bedrock area prefix.
            String text = new String(document, StandardCharsets.UTF_8);
            assertThat(text).doesNotContain("\"azure/", "\"bedrock/", "\"eu.", "\"us.", "\"apac.");
            ParseResult result = PARSER.parse(document, file.toString(), NOW);
            assertThat(result.accepted()).isNotEmpty();
            for (PriceItem item : result.accepted()) {
                TokenPriceObservation t = (TokenPriceObservation) item.value();
                assertThat(t.getRegion()).as(t.getOfferId()).isNull();
                assertThat(Jurisdictions.hasResidency(t.getTags()))
                        .as(t.getOfferId())
                        .isFalse();
            }
            assertThat(result.unknownRegions()).isEmpty();
        }
    }
}
