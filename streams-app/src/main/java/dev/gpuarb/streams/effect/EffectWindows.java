package dev.gpuarb.streams.effect;

import java.time.Duration;

/**
 * The time grid of analytics over prices in effect. Spread windows of {@code spreadSize} start every
 * {@code spreadAdvance} from the epoch; profiles cover the {@code profileHorizon} ending at each UTC
 * midnight. Both are built from panes: the largest duration that divides the spread size, the advance
 * and an hour, so that every window and every hour of day is a whole number of panes and each price
 * is counted once per pane, not once per window.
 *
 * @param grace how long after a pane ends records dated in it are still counted in it (by stream time)
 * @param goneRetention how long an offer that was withdrawn or expired is remembered, so that a late
 *                      record older than its end cannot bring it back
 */
public record EffectWindows(
        long paneMs,
        long spreadSizeMs,
        long spreadAdvanceMs,
        long graceMs,
        long profileHorizonMs,
        long goneRetentionMs) {

    public static final long HOUR_MS = Duration.ofHours(1).toMillis();
    public static final long DAY_MS = Duration.ofDays(1).toMillis();
    public static final Duration DEFAULT_GONE_RETENTION = Duration.ofDays(1);

    public EffectWindows {
        if (spreadSizeMs <= 0 || spreadAdvanceMs <= 0 || spreadAdvanceMs > spreadSizeMs) {
            throw new IllegalArgumentException("spread windows need 0 < advance <= size");
        }
        if (profileHorizonMs < DAY_MS || profileHorizonMs % DAY_MS != 0) {
            throw new IllegalArgumentException("the profile horizon must be a whole number of days");
        }
        if (graceMs < 0 || goneRetentionMs < 0) {
            throw new IllegalArgumentException("grace and retention must not be negative");
        }
        if (paneMs <= 0 || spreadSizeMs % paneMs != 0 || spreadAdvanceMs % paneMs != 0 || HOUR_MS % paneMs != 0) {
            throw new IllegalArgumentException("the pane must divide the spread size, its advance and an hour");
        }
    }

    public static EffectWindows of(
            Duration spreadSize, Duration spreadAdvance, Duration grace, Duration profileHorizon) {
        long pane = gcd(gcd(spreadSize.toMillis(), spreadAdvance.toMillis()), HOUR_MS);
        return new EffectWindows(
                pane,
                spreadSize.toMillis(),
                spreadAdvance.toMillis(),
                grace.toMillis(),
                profileHorizon.toMillis(),
                DEFAULT_GONE_RETENTION.toMillis());
    }

    /** The start of the pane holding {@code t}. */
    public long paneStartOf(long t) {
        return Math.floorDiv(t, paneMs) * paneMs;
    }

    /** Whether a spread window ends where a pane ends. */
    public boolean spreadWindowEndsAt(long paneEnd) {
        return Math.floorMod(paneEnd, spreadAdvanceMs) == 0;
    }

    public boolean profileHorizonEndsAt(long paneEnd) {
        return Math.floorMod(paneEnd, DAY_MS) == 0;
    }

    private static long gcd(long a, long b) {
        return b == 0 ? a : gcd(b, a % b);
    }
}
