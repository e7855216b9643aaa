package dev.gpuarb.connectors.litellm;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gpuarb.connectors.core.Checked;
import dev.gpuarb.connectors.core.ParseResult;
import dev.gpuarb.connectors.core.PriceItem;
import dev.gpuarb.connectors.core.PriceLimits;
import dev.gpuarb.connectors.core.Prices;
import dev.gpuarb.connectors.core.Rejection;
import dev.gpuarb.connectors.core.TokenModels;
import dev.gpuarb.connectors.core.TokenOffer;
import dev.gpuarb.vocab.RejectReason;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Parses LiteLLM's {@code model_prices_and_context_window.json}: an object of model id -> spec with
 * {@code litellm_provider}, {@code mode}, {@code input_cost_per_token}, {@code output_cost_per_token}
 * (USD per token), optionally {@code cache_read_input_token_cost} and {@code max_input_tokens}.
 *
 * <p>The document is read entry by entry with a streaming parser, so a truncated file still yields
 * every complete entry before the damage; the rest becomes one MALFORMED_JSON rejection.
 * Entries whose mode does not produce text (image generation, speech, embeddings) are skipped.
 */
public final class LiteLlmPriceParser {

    public static final String SOURCE = "litellm-catalog";
    static final String SAMPLE_SPEC_KEY = "sample_spec";
    private static final double PER_MILLION = 1_000_000.0;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Set<String> modes;
    private final PriceLimits limits;

    public LiteLlmPriceParser(Set<String> modes, PriceLimits limits) {
        this.modes = modes;
        this.limits = limits;
    }

    public ParseResult parse(byte[] document, String location, Instant observedAt) {
        ParseResult result = new ParseResult();
        try (JsonParser parser = JSON.createParser(document)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                result.reject(new Rejection(
                        SOURCE,
                        RejectReason.MALFORMED_JSON,
                        "top level is not a JSON object",
                        head(document),
                        location));
                result.markIncomplete();
                return result;
            }
            while (true) {
                JsonToken token = parser.nextToken();
                if (token == JsonToken.END_OBJECT) {
                    break;
                }
                if (token == null) {
                    throw new com.fasterxml.jackson.core.io.JsonEOFException(
                            parser, null, "document ends inside the top-level object");
                }
                String modelId = parser.currentName();
                parser.nextToken();
                JsonNode spec = parser.readValueAsTree();
                entry(modelId, spec, location + "#" + modelId, observedAt, result);
            }
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String where =
                    at == null ? location : location + " at line " + at.getLineNr() + ", column " + at.getColumnNr();
            long offset = at == null ? 0 : Math.max(0, at.getByteOffset());
            result.reject(new Rejection(
                    SOURCE, RejectReason.MALFORMED_JSON, e.getOriginalMessage(), around(document, offset), where));
            result.markIncomplete();
        } catch (IOException e) {
            result.reject(new Rejection(SOURCE, RejectReason.MALFORMED_JSON, e.toString(), head(document), location));
            result.markIncomplete();
        }
        return result;
    }

    private void entry(String modelId, JsonNode spec, String location, Instant observedAt, ParseResult result) {
        if (SAMPLE_SPEC_KEY.equals(modelId)) {
            result.skip("documentation entry");
            return;
        }
        String raw = modelId + ": " + spec;
        if (spec == null || !spec.isObject()) {
            result.reject(
                    new Rejection(SOURCE, RejectReason.MALFORMED_JSON, "model entry is not an object", raw, location));
            return;
        }
        String mode = text(spec, "mode");
        if (mode != null && !modes.contains(mode)) {
            result.skip("mode " + mode);
            return;
        }
        String provider = text(spec, "litellm_provider");
        if (provider == null || provider.isBlank()) {
            result.reject(
                    new Rejection(SOURCE, RejectReason.MISSING_FIELD, "litellm_provider is missing", raw, location));
            return;
        }
        Checked<Double> input = perMillion(spec, "input_cost_per_token", true);
        Checked<Double> output = perMillion(spec, "output_cost_per_token", true);
        Checked<Double> cached = perMillion(spec, "cache_read_input_token_cost", false);
        for (Checked<Double> c : List.of(input, output, cached)) {
            if (!c.isOk()) {
                result.reject(c.toRejection(SOURCE, raw, location));
                return;
            }
        }
        JsonNode maxInput = spec.get("max_input_tokens");
        Long maxInputTokens = maxInput != null && maxInput.canConvertToLong() && maxInput.isIntegralNumber()
                ? maxInput.asLong()
                : null;
        List<String> tags = new ArrayList<>();
        if (spec.has("input_cost_per_token_batches")) {
            tags.add("batch");
        }
        String canonicalProvider = TokenModels.canonicalProvider(provider);
        TokenOffer offer = new TokenOffer(
                SOURCE,
                canonicalProvider,
                modelId,
                LiteLlmRegions.regionOf(modelId, canonicalProvider),
                input.value(),
                output.value(),
                cached.value(),
                maxInputTokens,
                observedAt,
                tags);
        Checked<PriceItem> item = offer.toPriceItem(limits);
        if (item.isOk()) {
            result.accept(item.value());
        } else {
            result.reject(item.toRejection(SOURCE, raw, location));
        }
    }

    /** A per-token cost field as USD per million tokens; absent optional fields give an Ok(null). */
    private static Checked<Double> perMillion(JsonNode spec, String field, boolean required) {
        JsonNode node = spec.get(field);
        if (node == null || node.isNull()) {
            return required ? Checked.failed(RejectReason.MISSING_FIELD, field + " is missing") : Checked.ok(null);
        }
        Checked<Double> value = node.isNumber() ? Checked.ok(node.asDouble()) : Prices.number(node.asText(), field);
        return value.map(v -> v * PER_MILLION);
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    private static String head(byte[] document) {
        return new String(document, 0, Math.min(document.length, 512), StandardCharsets.UTF_8);
    }

    private static String around(byte[] document, long offset) {
        int start = (int) Math.max(0, Math.min(document.length, offset) - 256);
        int end = (int) Math.min(document.length, offset + 256);
        return new String(document, start, end - start, StandardCharsets.UTF_8);
    }
}
