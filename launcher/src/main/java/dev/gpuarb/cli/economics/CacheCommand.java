package dev.gpuarb.cli.economics;

import static dev.gpuarb.cli.economics.SqlLiterals.number;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code gpuarb economics cache}: what a prompt-cache hit rate would save per token route. */
@Command(
        name = "cache",
        mixinStandardHelpOptions = true,
        description = "Caching what-if per token route: token cost of the recent requests at the route's current "
                + "endpoint and what a cache hit rate saves on input tokens (view econ_cache_savings).")
final class CacheCommand extends EconomicsQuery {

    @Option(
            names = "--hit-rate",
            defaultValue = "0.5",
            description = "Share of input tokens served from the cache, 0..1 (default: ${DEFAULT-VALUE}).")
    double hitRate;

    @Option(
            names = "--input-tokens-per-request",
            defaultValue = "1500",
            description = "Input tokens per request (default: ${DEFAULT-VALUE}).")
    double inputTokens;

    @Option(
            names = "--output-tokens-per-request",
            defaultValue = "300",
            description = "Output tokens per request (default: ${DEFAULT-VALUE}).")
    double outputTokens;

    @Option(
            names = "--lookback-hours",
            defaultValue = "24",
            description = "Request volume of the last hours (default: ${DEFAULT-VALUE}).")
    double lookbackHours;

    @Override
    String sql() {
        requireFraction(this, "--hit-rate", hitRate);
        requireNonNegative(this, "--input-tokens-per-request", inputTokens);
        requireNonNegative(this, "--output-tokens-per-request", outputTokens);
        requirePositive(this, "--lookback-hours", lookbackHours);
        return "SELECT route_id, offer_id, requests, cost_usd, saving_usd, saving_pct, saving_usd_per_month\n"
                + "FROM econ_cache_savings(hit_rate = " + number(hitRate) + ", input_tokens_per_request = "
                + number(inputTokens) + ", output_tokens_per_request = " + number(outputTokens)
                + ", lookback_hours = " + number(lookbackHours) + ")\nORDER BY route_id";
    }

    @Override
    String title() {
        return "Caching what-if (USD over the last " + number(lookbackHours) + " h) at hit rate " + number(hitRate);
    }

    @Override
    String emptyMessage() {
        return "no token routes with a priced current endpoint yet";
    }
}
