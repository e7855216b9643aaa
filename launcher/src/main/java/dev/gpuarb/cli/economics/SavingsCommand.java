package dev.gpuarb.cli.economics;

import static dev.gpuarb.cli.economics.SqlLiterals.number;
import static dev.gpuarb.cli.economics.SqlLiterals.string;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code gpuarb economics savings}: realised routing savings per route against a baseline. */
@Command(
        name = "savings",
        mixinStandardHelpOptions = true,
        description = {
            "Realised routing savings per route: the requests sent to each route's chosen endpoint, priced at "
                    + "the chosen price and at a baseline's (view econ_routing_savings).",
            "Baseline: the route's first choice, or --baseline-provider (and --baseline-region) among the "
                    + "endpoints each decision lists."
        })
final class SavingsCommand extends EconomicsQuery {

    @Option(
            names = "--baseline-provider",
            defaultValue = "",
            paramLabel = "PROVIDER",
            description = "Provider to compare with (default: each route's first choice).")
    String baselineProvider;

    @Option(
            names = "--baseline-region",
            defaultValue = "",
            paramLabel = "REGION",
            description = "Region of the baseline provider (default: any).")
    String baselineRegion;

    @Option(
            names = "--tokens-per-request",
            defaultValue = "2000",
            description = "Tokens per request on token routes (default: ${DEFAULT-VALUE}).")
    double tokensPerRequest;

    @Option(
            names = "--gpu-seconds-per-request",
            defaultValue = "30",
            description = "GPU-seconds per request on GPU routes (default: ${DEFAULT-VALUE}).")
    double gpuSecondsPerRequest;

    @Option(names = "--by-hour", description = "One row per route and hour instead of per route.")
    boolean byHour;

    @Override
    String sql() {
        if (baselineProvider.isBlank() && !baselineRegion.isBlank()) {
            throw invalid("--baseline-region needs --baseline-provider");
        }
        requireNonNegative(this, "--tokens-per-request", tokensPerRequest);
        requireNonNegative(this, "--gpu-seconds-per-request", gpuSecondsPerRequest);
        String view = "econ_routing_savings(baseline_provider = " + string(baselineProvider.strip())
                + ", baseline_region = " + string(baselineRegion.strip())
                + ", tokens_per_request = " + number(tokensPerRequest)
                + ", gpu_seconds_per_request = " + number(gpuSecondsPerRequest) + ")";
        if (byHour) {
            return "SELECT hour, route_id, requests, requests_without_baseline, chosen_cost_usd, baseline_cost_usd, saving_usd\n"
                    + "FROM " + view + "\nORDER BY route_id, hour";
        }
        return "SELECT route_id, sum(requests) AS requests, sum(requests_without_baseline) AS requests_without_baseline,\n"
                + "       sum(chosen_cost_usd) AS chosen_cost_usd, sum(baseline_cost_usd) AS baseline_cost_usd,\n"
                + "       sum(saving_usd) AS saving_usd,\n"
                + "       if(baseline_cost_usd > 0, saving_usd / baseline_cost_usd * 100, 0) AS saving_pct\n"
                + "FROM " + view + "\nGROUP BY route_id\nORDER BY route_id";
    }

    @Override
    String title() {
        return "Routing savings (USD) against "
                + (baselineProvider.isBlank()
                        ? "each route's first choice"
                        : baselineProvider + (baselineRegion.isBlank() ? "" : " " + baselineRegion));
    }

    @Override
    String emptyMessage() {
        return "no routed requests yet (route updates and endpoint latency windows are needed)";
    }
}
