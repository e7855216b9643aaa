package dev.gpuarb.cli.economics;

import static dev.gpuarb.cli.economics.SqlLiterals.number;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code gpuarb economics spot}: what following the spot bid recommendations saved against on-demand. */
@Command(
        name = "spot",
        mixinStandardHelpOptions = true,
        description = "Spot vs on-demand per spot offer: following the bid recommendations (spot while BID, with an "
                + "interruption overhead) against on-demand throughout, USD per instance (view econ_spot_savings).")
final class SpotCommand extends EconomicsQuery {

    @Option(
            names = "--interruption-overhead-pct",
            defaultValue = "10",
            description = "Added to the spot price for restarts and lost work, percent (default: ${DEFAULT-VALUE}).")
    double overheadPct;

    @Override
    String sql() {
        requireNonNegative(this, "--interruption-overhead-pct", overheadPct);
        return "SELECT offer_id, gpu_model, region, hours, spot_hours, on_demand_cost_usd, followed_cost_usd, saving_usd,"
                + " saving_pct\nFROM econ_spot_savings(interruption_overhead_pct = " + number(overheadPct) + ")\n"
                + "ORDER BY saving_usd DESC";
    }

    @Override
    String title() {
        return "Spot vs on-demand (USD per instance), interruption overhead " + number(overheadPct) + " %";
    }

    @Override
    String emptyMessage() {
        return "no spot bid recommendations with a known on-demand price yet";
    }
}
