package dev.gpuarb.sink.clickhouse.migrate;

import java.util.Map;

/**
 * TTL retention in days, per group of tables. Applied when a table is created; to change the TTL of
 * an existing table run {@code ALTER TABLE ... MODIFY TTL} (see the README).
 *
 * @param pricesDays   raw price observations and their hourly OHLC
 * @param derivedDays  spreads, profiles, latency summaries, routes, bids and alerts
 * @param rejectedDays rejected records
 */
public record RetentionSettings(int pricesDays, int derivedDays, int rejectedDays) {

    public static final RetentionSettings DEFAULTS = new RetentionSettings(730, 365, 90);

    public RetentionSettings {
        requirePositive("prices", pricesDays);
        requirePositive("derived", derivedDays);
        requirePositive("rejected", rejectedDays);
    }

    private static void requirePositive(String group, int days) {
        if (days < 1) {
            throw new IllegalArgumentException("retention." + group + ".days must be at least 1, was " + days);
        }
    }

    Map<String, String> placeholders() {
        return Map.of(
                "retention.prices.days",
                Integer.toString(pricesDays),
                "retention.derived.days",
                Integer.toString(derivedDays),
                "retention.rejected.days",
                Integer.toString(rejectedDays));
    }
}
