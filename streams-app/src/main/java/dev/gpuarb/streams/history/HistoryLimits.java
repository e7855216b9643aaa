package dev.gpuarb.streams.history;

import dev.gpuarb.streams.config.AppConfig;
import java.time.Duration;

/**
 * How much history the live page's charts keep per entry: points within {@code horizon} of the newest
 * one, at most {@code maxPoints} per route and {@code maxRegions} (the cheapest) per spread window. The
 * bounds keep each stored value, and each live-page update carrying it, small whatever runs for how long.
 */
public record HistoryLimits(Duration horizon, int maxPoints, int maxRegions) {

    public HistoryLimits {
        if (horizon.isNegative() || horizon.isZero() || maxPoints < 2 || maxRegions < 1) {
            throw new IllegalArgumentException("history limits must be positive (at least 2 points): " + horizon + ", "
                    + maxPoints + ", " + maxRegions);
        }
    }

    /** The limits the settings give ({@code gpuarb.history.*}). */
    public static HistoryLimits from(AppConfig config) {
        return new HistoryLimits(
                config.duration(AppConfig.HISTORY_HORIZON_MS),
                Math.toIntExact(config.longValue(AppConfig.HISTORY_MAX_POINTS)),
                Math.toIntExact(config.longValue(AppConfig.HISTORY_MAX_REGIONS)));
    }
}
