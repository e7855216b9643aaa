package dev.gpuarb.connectors.openrouter;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gpuarb.avro.TokenPriceObservation;
import dev.gpuarb.connectors.core.Checked;
import dev.gpuarb.connectors.core.HttpFetcher;
import dev.gpuarb.connectors.core.HttpStatusException;
import dev.gpuarb.connectors.core.LogText;
import dev.gpuarb.connectors.core.ParseResult;
import dev.gpuarb.connectors.core.PriceItem;
import dev.gpuarb.connectors.core.PriceLimits;
import dev.gpuarb.connectors.core.RefusedFetchException;
import dev.gpuarb.connectors.core.Rejection;
import dev.gpuarb.connectors.core.SnapshotSource;
import dev.gpuarb.connectors.core.SourceContext;
import dev.gpuarb.connectors.core.TokenModels;
import dev.gpuarb.connectors.core.TokenOffer;
import dev.gpuarb.vocab.RejectReason;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
    /** This many models in a row without an answer (after retries) mean the API is down, not the models. */
    static final int MAX_FAILED_IN_A_ROW = 3;
    /** The characters a path segment may hold as they are (RFC 3986 pchar without '%'). */
    private static final String SEGMENT_SAFE =
            "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~!$&'()*+,;=:@";

    private static final Logger log = LoggerFactory.getLogger(OpenRouterSource.class);

    private final OpenRouterConfig config;
    private final HttpFetcher http;
    private final PriceLimits limits;
    private final Clock clock;
    private int failedInARow;

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
        failedInARow = 0;
        String modelsUrl = config.apiUrl() + "/models";
        String body = fetch(modelsUrl, result);
        if (body == null) {
            return result;
        }
        OpenRouterJson.Objects models = OpenRouterJson.models(body, modelsUrl, SOURCE);
        models.rejections().forEach(result::reject);
        if (!models.readable()) {
            result.markIncomplete();
        }
        Map<String, PriceItem> cheapest = new LinkedHashMap<>();
        int requested = 0;
        for (OpenRouterJson.Located model : models.objects()) {
            String id = OpenRouterJson.text(model.json(), "id");
            if (id == null) {
                result.reject(reject(model, RejectReason.MISSING_FIELD, "model id is empty"));
            } else if (!wanted(id, model.json(), result)) {
                continue;
            } else if (!config.perProvider()) {
                offer(
                        model,
                        "openrouter",
                        id,
                        model.json().get("pricing"),
                        contextLength(model.json()),
                        List.of(),
                        now,
                        result,
                        cheapest);
            } else if (requested++ >= config.maxModels()) {
                result.skip(SKIPPED_OVER_LIMIT);
                result.markIncomplete();
            } else {
                readEndpoints(model, id, now, result, cheapest);
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

    /**
     * One model's endpoints. Whatever goes wrong with them (an id that cannot name a URL, an error
     * answer, a timeout) costs that model's prices only: it is rejected and the other models are read
     * on. Only when several models in a row get no usable answer is the API taken to be down, and the
     * poll fails rather than reject every model.
     */
    private void readEndpoints(
            OpenRouterJson.Located model, String id, Instant now, ParseResult result, Map<String, PriceItem> cheapest)
            throws Exception {
        String url = endpointsUrl(id);
        if (url == null) {
            result.reject(reject(
                    model,
                    RejectReason.BAD_ID,
                    "model id is not author/slug, so it names no endpoints URL: " + Rejection.excerpt(id)));
            return;
        }
        String body;
        try {
            body = fetch(url, result);
            failedInARow = 0;
        } catch (HttpStatusException e) {
            if (e.status() == 404) {
                result.skip(SKIPPED_GONE);
                return;
            }
            // An answer about this model alone (400, 403, ...): the API itself is up.
            failedInARow = 0;
            modelFailed(model, id, url, e, result);
            return;
        } catch (IOException e) {
            if (++failedInARow >= MAX_FAILED_IN_A_ROW) {
                throw new IOException(failedInARow + " models in a row got no answer, the last " + url, e);
            }
            modelFailed(model, id, url, e, result);
            return;
        }
        if (body == null) {
            return;
        }
        OpenRouterJson.Objects endpoints = OpenRouterJson.endpoints(body, url, SOURCE);
        endpoints.rejections().forEach(result::reject);
        if (!endpoints.readable()) {
            result.markIncomplete();
        }
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
            List<String> tags = quantization == null || quantization.equalsIgnoreCase("unknown")
                    ? List.of()
                    : List.of("quantization:" + quantization.toLowerCase(Locale.ROOT));
            offer(
                    endpoint,
                    TokenModels.canonicalProvider(providerName),
                    id,
                    endpoint.json().get("pricing"),
                    contextLength(endpoint.json()),
                    tags,
                    now,
                    result,
                    cheapest);
        }
    }

    private void offer(
            OpenRouterJson.Located where,
            String provider,
            String modelId,
            JsonNode pricing,
            Long contextLength,
            List<String> tags,
            Instant now,
            ParseResult result,
            Map<String, PriceItem> cheapest) {
        Checked<OpenRouterPricing> prices = OpenRouterPricing.read(pricing);
        if (!prices.isOk()) {
            result.reject(prices.toRejection(SOURCE, where.json().toString(), where.location() + "(pricing)"));
            return;
        }
        List<String> allTags = new ArrayList<>(tags);
        allTags.add(0, "via-openrouter");
        OpenRouterPricing p = prices.value();
        Checked<PriceItem> item = new TokenOffer(
                        SOURCE,
                        provider,
                        modelId,
                        null,
                        p.perMillionInput(),
                        p.perMillionOutput(),
                        p.perMillionCachedInput(),
                        contextLength,
                        now,
                        allTags)
                .toPriceItem(limits);
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

    private static void modelFailed(
            OpenRouterJson.Located model, String id, String url, IOException e, ParseResult result) {
        log.warn("OpenRouter model {} not priced this poll: {}", LogText.escape(id), LogText.escape(e.getMessage()));
        String detail = e.getMessage()
                + (e.getCause() == null ? "" : ": " + e.getCause().getMessage());
        // The URL holds the provider's id: both are bounded like excerpts.
        result.reject(new Rejection(
                SOURCE,
                RejectReason.FETCH_FAILED,
                Rejection.excerpt(detail),
                model.json().toString(),
                Rejection.excerpt(url)));
        // Its offers are unknown this poll, not gone.
        result.markIncomplete();
    }

    /**
     * {@code <api>/models/{author}/{slug}/endpoints}, each part percent-encoded so that an id cannot
     * add a query, a fragment or another path level; null for an id that is not exactly two parts.
     */
    static String endpointsUrl(String apiUrl, String id) {
        String[] parts = id.split("/", -1);
        if (parts.length != 2) {
            return null;
        }
        for (String part : parts) {
            if (part.isEmpty() || part.equals(".") || part.equals("..")) {
                return null;
            }
        }
        return apiUrl + "/models/" + segment(parts[0]) + "/" + segment(parts[1]) + "/endpoints";
    }

    private String endpointsUrl(String id) {
        return endpointsUrl(config.apiUrl(), id);
    }

    private static String segment(String part) {
        StringBuilder out = new StringBuilder();
        for (byte b : part.getBytes(StandardCharsets.UTF_8)) {
            if (b >= 0 && SEGMENT_SAFE.indexOf(b) >= 0) {
                out.append((char) b);
            } else {
                out.append('%').append(String.format("%02X", b & 0xff));
            }
        }
        return out.toString();
    }

    /**
     * The body, or null when it was refused (too large, a redirect elsewhere; then recorded as a
     * rejection, and the listing is incomplete).
     */
    private String fetch(String url, ParseResult result) throws Exception {
        try {
            return new String(
                    http.get(URI.create(url), Map.of("Accept", "application/json"))
                            .body(),
                    StandardCharsets.UTF_8);
        } catch (RefusedFetchException e) {
            result.reject(e.toRejection(SOURCE));
            result.markIncomplete();
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
