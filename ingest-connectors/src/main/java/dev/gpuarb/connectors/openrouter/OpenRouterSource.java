package dev.gpuarb.connectors.openrouter;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gpuarb.connectors.core.Checked;
import dev.gpuarb.connectors.core.HttpFetcher;
import dev.gpuarb.connectors.core.HttpStatusException;
import dev.gpuarb.connectors.core.ParseResult;
import dev.gpuarb.connectors.core.PriceItem;
import dev.gpuarb.connectors.core.PriceLimits;
import dev.gpuarb.connectors.core.RejectReason;
import dev.gpuarb.connectors.core.Rejection;
import dev.gpuarb.connectors.core.RefusedFetchException;
import dev.gpuarb.connectors.core.SnapshotSource;
import dev.gpuarb.connectors.core.SourceContext;
import dev.gpuarb.connectors.core.TokenModels;
import dev.gpuarb.connectors.core.TokenOffer;
import dev.gpuarb.avro.TokenPriceObservation;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Token prices from OpenRouter: the model list, then (by default) each model's endpoints, one
 * offer per serving provider. When a provider serves a model through several endpoints (e.g.
 * two quantizations), the cheapest is kept: they share one offer id, and the cheapest is what a
 * router would pick.
 */
public final class OpenRouterSource extends SnapshotSource {

    public static final String SOURCE = "openrouter";

    static final String SKIPPED_NOT_ASKED = "model not in openrouter.models";
    static final String SKIPPED_FREE = "free variant";
    static final String SKIPPED_NOT_TEXT = "no text output";
    static final String SKIPPED_VARIABLE = "variable (router) pricing";
    static final String SKIPPED_GONE = "model gone before its endpoints were read";
    static final String SKIPPED_OVER_LIMIT = "over openrouter.max.models";

    private final OpenRouterConfig config;
    private final HttpFetcher http;
    private final PriceLimits limits;
    private final Clock clock;

    public OpenRouterSource(OpenRouterConfig config, SourceContext context) {
        super(SOURCE, context);
        this.config = config;
        this.http = context.http();
        this.limits = config.priceLimits();
        this.clock = context.clock();
    }

    @Override
    protected ParseResult readSnapshot() throws Exception {
        ParseResult result = new ParseResult();
        Instant now = clock.instant();
        String modelsUrl = config.apiUrl() + "/models";
        String body = fetch(modelsUrl, result);
        if (body == null) {
            return result;
        }
        OpenRouterJson.Objects models = OpenRouterJson.models(body, modelsUrl, SOURCE);
        models.rejections().forEach(result::reject);
        Map<String, PriceItem> cheapest = new LinkedHashMap<>();
        int requested = 0;
        for (OpenRouterJson.Located model : models.objects()) {
            String id = OpenRouterJson.text(model.json(), "id");
            if (id == null) {
                result.reject(reject(model, RejectReason.MISSING_FIELD, "model id is empty"));
            } else if (!wanted(id, model.json(), result)) {
                continue;
            } else if (!config.perProvider()) {
                offer(model, "openrouter", id, model.json().get("pricing"), contextLength(model.json()), List.of(),
                        now, result, cheapest);
            } else if (requested++ >= config.maxModels()) {
                result.skip(SKIPPED_OVER_LIMIT);
            } else {
                readEndpoints(id, now, result, cheapest);
            }
        }
        cheapest.values().forEach(result::accept);
        return result;
    }

    private boolean wanted(String id, JsonNode model, ParseResult result) {
        if (!config.models().isEmpty() && !config.models().contains(id)) {
            result.skip(SKIPPED_NOT_ASKED);
            return false;
        }
        if (id.endsWith(":free") && !config.includeFree()) {
            result.skip(SKIPPED_FREE);
            return false;
        }
        if (!textOutput(model)) {
            result.skip(SKIPPED_NOT_TEXT);
            return false;
        }
        if (OpenRouterPricing.isVariable(model.get("pricing"))) {
            result.skip(SKIPPED_VARIABLE);
            return false;
        }
        return true;
    }

    private void readEndpoints(String id, Instant now, ParseResult result, Map<String, PriceItem> cheapest)
            throws Exception {
        String url = config.apiUrl() + "/models/" + id + "/endpoints";
        String body;
        try {
            body = fetch(url, result);
        } catch (HttpStatusException e) {
            if (e.status() == 404) {
                result.skip(SKIPPED_GONE);
                return;
            }
            throw e;
        }
        if (body == null) {
            return;
        }
        OpenRouterJson.Objects endpoints = OpenRouterJson.endpoints(body, url, SOURCE);
        endpoints.rejections().forEach(result::reject);
        for (OpenRouterJson.Located endpoint : endpoints.objects()) {
            String providerName = OpenRouterJson.text(endpoint.json(), "provider_name");
            if (providerName == null) {
                result.reject(reject(endpoint, RejectReason.MISSING_FIELD, "provider_name is empty"));
                continue;
            }
            if (OpenRouterPricing.isVariable(endpoint.json().get("pricing"))) {
                result.skip(SKIPPED_VARIABLE);
                continue;
            }
            String quantization = OpenRouterJson.text(endpoint.json(), "quantization");
            List<String> tags = quantization == null || quantization.equalsIgnoreCase("unknown") ? List.of()
                    : List.of("quantization:" + quantization.toLowerCase(Locale.ROOT));
            offer(endpoint, TokenModels.canonicalProvider(providerName), id, endpoint.json().get("pricing"),
                    contextLength(endpoint.json()), tags, now, result, cheapest);
        }
    }

    private void offer(OpenRouterJson.Located where, String provider, String modelId, JsonNode pricing,
                       Long contextLength, List<String> tags, Instant now, ParseResult result,
                       Map<String, PriceItem> cheapest) {
        Checked<OpenRouterPricing> prices = OpenRouterPricing.read(pricing);
        if (!prices.isOk()) {
            result.reject(prices.toRejection(SOURCE, where.json().toString(), where.location() + "(pricing)"));
            return;
        }
        List<String> allTags = new ArrayList<>(tags);
        allTags.add(0, "via-openrouter");
        OpenRouterPricing p = prices.value();
        Checked<PriceItem> item = new TokenOffer(SOURCE, provider, modelId, null, p.perMillionInput(),
                p.perMillionOutput(), p.perMillionCachedInput(), contextLength, now, allTags).toPriceItem(limits);
        if (!item.isOk()) {
            result.reject(item.toRejection(SOURCE, where.json().toString(), where.location() + "(pricing)"));
            return;
        }
        cheapest.merge(item.value().key(), item.value(), (a, b) -> cost(b) < cost(a) ? b : a);
    }

    private static double cost(PriceItem item) {
        TokenPriceObservation v = (TokenPriceObservation) item.value();
        return v.getUsdPerMillionInput() + v.getUsdPerMillionOutput();
    }

    /** The body, or null when it was refused (too large, a redirect elsewhere; then recorded as a rejection). */
    private String fetch(String url, ParseResult result) throws Exception {
        try {
            return new String(http.get(URI.create(url), Map.of("Accept", "application/json")).body(),
                    StandardCharsets.UTF_8);
        } catch (RefusedFetchException e) {
            result.reject(e.toRejection(SOURCE));
            return null;
        }
    }

    private static boolean textOutput(JsonNode model) {
        JsonNode architecture = model.path("architecture");
        JsonNode outputs = architecture.path("output_modalities");
        if (outputs.isArray() && !outputs.isEmpty()) {
            for (JsonNode m : outputs) {
                if ("text".equals(m.asText())) {
                    return true;
                }
            }
            return false;
        }
        String modality = OpenRouterJson.text(architecture, "modality");
        return modality == null || modality.endsWith("->text") || modality.endsWith("+text");
    }

    private static Long contextLength(JsonNode node) {
        JsonNode length = node.get("context_length");
        return length != null && length.canConvertToLong() && length.asLong() > 0 ? length.asLong() : null;
    }

    private static Rejection reject(OpenRouterJson.Located where, RejectReason reason, String detail) {
        return new Rejection(SOURCE, reason, detail, where.json().toString(), where.location());
    }
}
