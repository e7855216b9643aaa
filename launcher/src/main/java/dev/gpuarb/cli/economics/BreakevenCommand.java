package dev.gpuarb.cli.economics;

import static dev.gpuarb.cli.economics.SqlLiterals.number;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code gpuarb economics breakeven}: the volume above which distillation pays off, and the
 * utilisation above which reserved capacity does, from the routes' current prices.
 */
@Command(
        name = "breakeven",
        mixinStandardHelpOptions = true,
        description = {
            "Break-even from the routes' current prices.",
            "Distillation (token routes): --one-off-usd and --distilled-usd-per-million give the monthly volume "
                    + "above which the one-off cost is repaid within --payback-months (view econ_distillation_breakeven).",
            "Reserved capacity (GPU routes): --reserved-usd-per-gpu-hour gives the utilisation above which the "
                    + "commitment is cheaper (view econ_reserved_breakeven)."
        })
final class BreakevenCommand extends EconomicsQuery {

    @Option(names = "--one-off-usd", description = "One-off cost of training a distilled model, USD.")
    Double oneOffUsd;

    @Option(
            names = "--distilled-usd-per-million",
            description = "Serving price of the distilled model, USD per million tokens.")
    Double distilledPrice;

    @Option(
            names = "--payback-months",
            defaultValue = "12",
            description = "Months within which the one-off cost must be repaid (default: ${DEFAULT-VALUE}).")
    double paybackMonths;

    @Option(
            names = "--reserved-usd-per-gpu-hour",
            description = "Commitment price of reserved capacity, USD per GPU-hour.")
    Double reservedPrice;

    private boolean distillation() {
        return oneOffUsd != null || distilledPrice != null;
    }

    @Override
    String sql() {
        if (!distillation() && reservedPrice == null) {
            throw invalid("give --one-off-usd and --distilled-usd-per-million (distillation), "
                    + "or --reserved-usd-per-gpu-hour (reserved capacity)");
        }
        if (distillation() && reservedPrice != null) {
            throw invalid("distillation and reserved capacity are separate questions: give the options of one");
        }
        if (distillation()) {
            if (oneOffUsd == null || distilledPrice == null) {
                throw invalid("distillation needs both --one-off-usd and --distilled-usd-per-million");
            }
            requireNonNegative(this, "--one-off-usd", oneOffUsd);
            requireNonNegative(this, "--distilled-usd-per-million", distilledPrice);
            requirePositive(this, "--payback-months", paybackMonths);
            return "SELECT route_id, current_usd_per_million, saving_per_million_usd, break_even_million_tokens_per_month\n"
                    + "FROM econ_distillation_breakeven(one_off_usd = " + number(oneOffUsd)
                    + ", distilled_usd_per_million = " + number(distilledPrice)
                    + ", payback_months = " + number(paybackMonths) + ")\nORDER BY route_id";
        }
        requirePositive(this, "--reserved-usd-per-gpu-hour", reservedPrice);
        return "SELECT route_id, current_usd_per_gpu_hour, break_even_utilisation_pct, break_even_gpu_hours_per_month,"
                + " can_pay_off\nFROM econ_reserved_breakeven(reserved_usd_per_gpu_hour = " + number(reservedPrice)
                + ")\nORDER BY route_id";
    }

    @Override
    String title() {
        return distillation()
                ? "Distillation break-even: million tokens a month to repay " + number(oneOffUsd) + " USD in "
                        + number(paybackMonths) + " months (empty = the distilled model is not cheaper)"
                : "Reserved capacity at " + number(reservedPrice) + " USD/GPU-hour: break-even utilisation";
    }

    @Override
    String emptyMessage() {
        return distillation() ? "no routed token routes yet" : "no routed GPU routes yet";
    }
}
