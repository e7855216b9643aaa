package dev.gpuarb.connectors.core;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * When this task last sent each offer's price (wall clock), for sources that send changes only and
 * must send an unchanged price again before its validUntil passes (the AWS spot API, the
 * simulator). In memory only: after a restart every offer is due once, since what the previous
 * instance sent may be about to expire.
 */
public final class Reconfirmations {

    private final long intervalMillis;
    private final Map<String, Long> sentAtMillis = new HashMap<>();

    /** @param interval the heartbeat; zero: prices never expire, so nothing is ever due */
    public Reconfirmations(Duration interval) {
        this.intervalMillis = interval.toMillis();
    }

    /** Whether the price of {@code key} must be sent again at {@code nowMillis}. */
    public boolean due(String key, long nowMillis) {
        if (intervalMillis == 0) {
            return false;
        }
        Long last = sentAtMillis.get(key);
        return last == null || nowMillis - last >= intervalMillis;
    }

    public void sent(String key, long nowMillis) {
        sentAtMillis.put(key, nowMillis);
    }

    /** Records the sends of a poll that succeeded. */
    public void sentAll(Map<String, Long> sends) {
        sentAtMillis.putAll(sends);
    }
}
