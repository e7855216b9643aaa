package dev.gpuarb.connectors.core;

import java.time.Duration;
import java.util.Random;

/**
 * Exponential backoff with full jitter: the n-th wait is uniform in [0, min(max, initial * 2^n)].
 * Full jitter spreads retries of many tasks hitting the same provider, so that they do not
 * return in lock-step after an outage.
 */
public final class Backoff {

    private final Duration initial;
    private final Duration max;
    private final Random random;
    private int failures;

    public Backoff(Duration initial, Duration max, Random random) {
        if (initial.isNegative() || max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("need 0 <= initial <= max, got " + initial + ", " + max);
        }
        this.initial = initial;
        this.max = max;
        this.random = random;
    }

    /** The wait before the next attempt after one more failure. */
    public Duration nextDelay() {
        long ceiling = ceilingMillis(failures);
        failures++;
        return Duration.ofMillis(ceiling == 0 ? 0 : (long) (random.nextDouble() * (ceiling + 1)));
    }

    /** The upper bound of the n-th delay (n from 0). */
    public long ceilingMillis(int attempt) {
        long ceiling = initial.toMillis();
        for (int i = 0; i < attempt && ceiling < max.toMillis(); i++) {
            ceiling *= 2;
        }
        return Math.min(ceiling, max.toMillis());
    }

    public void reset() {
        failures = 0;
    }

    public int failures() {
        return failures;
    }
}
