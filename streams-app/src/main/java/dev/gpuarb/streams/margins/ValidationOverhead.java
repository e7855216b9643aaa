package dev.gpuarb.streams.margins;

import dev.gpuarb.streams.config.AppConfig;

/**
 * What checking the work costs per task: a fraction of tasks is re-run (for example on a stronger
 * model) at a multiple of the task's own cost, plus a fixed amount per task (e.g. a review step).
 *
 * @param spotCheckFraction share of tasks re-run, 0..1
 * @param rerunCostMultiplier cost of one re-run relative to the task's work cost
 * @param fixedUsd fixed USD per task
 */
public record ValidationOverhead(double spotCheckFraction, double rerunCostMultiplier, double fixedUsd) {

    public static final ValidationOverhead NONE = new ValidationOverhead(0, 0, 0);

    /** The overhead the settings give ({@code gpuarb.margins.validation.*}). */
    public static ValidationOverhead from(AppConfig config) {
        return new ValidationOverhead(
                config.number(AppConfig.MARGINS_SPOT_CHECK_FRACTION),
                config.number(AppConfig.MARGINS_RERUN_COST_MULTIPLIER),
                config.number(AppConfig.MARGINS_FIXED_USD));
    }

    /** Validation cost per task in USD for a task whose work costs {@code workCostUsd}. */
    public double costUsd(double workCostUsd) {
        return spotCheckFraction * rerunCostMultiplier * workCostUsd + fixedUsd;
    }
}
