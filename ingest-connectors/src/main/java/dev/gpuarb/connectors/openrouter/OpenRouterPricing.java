package dev.gpuarb.connectors.openrouter;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gpuarb.connectors.core.Checked;
import dev.gpuarb.connectors.core.Prices;
import dev.gpuarb.vocab.RejectReason;

/**
 * OpenRouter's {@code pricing} object: USD per token as decimal strings ({@code "prompt":
 * "0.0000025"}), turned into USD per million tokens. {@code "-1"} marks a router whose price
 * depends on the model it picks (openrouter/auto): such entries are skipped, not rejected.
 */
record OpenRouterPricing(double perMillionInput, double perMillionOutput, Double perMillionCachedInput) {

    static final String VARIABLE = "-1";

    static boolean isVariable(JsonNode pricing) {
        return pricing != null
                && (VARIABLE.equals(OpenRouterJson.text(pricing, "prompt"))
                        || VARIABLE.equals(OpenRouterJson.text(pricing, "completion")));
    }

    static Checked<OpenRouterPricing> read(JsonNode pricing) {
        if (pricing == null || !pricing.isObject()) {
            return Checked.failed(RejectReason.MISSING_FIELD, "pricing is missing");
        }
        Checked<Double> input = Prices.number(OpenRouterJson.text(pricing, "prompt"), "pricing.prompt");
        if (!input.isOk()) {
            return input.map(v -> null);
        }
        Checked<Double> output = Prices.number(OpenRouterJson.text(pricing, "completion"), "pricing.completion");
        if (!output.isOk()) {
            return output.map(v -> null);
        }
        String cachedText = OpenRouterJson.text(pricing, "input_cache_read");
        Double cached = null;
        if (cachedText != null) {
            Checked<Double> c = Prices.number(cachedText, "pricing.input_cache_read");
            if (!c.isOk()) {
                return c.map(v -> null);
            }
            cached = perMillion(c.value());
        }
        return Checked.ok(new OpenRouterPricing(perMillion(input.value()), perMillion(output.value()), cached));
    }

    /** Per token to per million tokens, rounded to the published precision so that float noise is no change. */
    private static double perMillion(double perToken) {
        return Math.round(perToken * 1e6 * 1e6) / 1e6;
    }
}
