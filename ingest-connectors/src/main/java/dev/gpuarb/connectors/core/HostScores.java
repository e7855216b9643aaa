package dev.gpuarb.connectors.core;

import dev.gpuarb.vocab.PriceRules;

/**
 * What a marketplace says about the host behind an offer, carried on the price record
 * ({@code GpuPriceObservation.reliability}, {@code dlperf}) so that routes can require a minimum.
 * Clouds and catalogs have no such scores: {@link #NONE}.
 *
 * @param reliability 0..1, or null when the source does not score it
 * @param dlperf the source's deep-learning performance score (>= 0), or null
 */
public record HostScores(Double reliability, Double dlperf) {

    public static final HostScores NONE = new HostScores(null, null);

    /** Scores checked by the shared rules: a reliability is a finite share in [0, 1], a DLPerf score finite and >= 0. */
    public static Checked<HostScores> of(Double reliability, Double dlperf) {
        PriceRules.Violation invalid = PriceRules.reliability("reliability", reliability);
        return Checked.of(
                invalid != null ? invalid : PriceRules.dlperf("dlperf", dlperf), new HostScores(reliability, dlperf));
    }
}
