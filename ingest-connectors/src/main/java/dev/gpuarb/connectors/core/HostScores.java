package dev.gpuarb.connectors.core;

import dev.gpuarb.vocab.RejectReason;
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

    /** A reliability must be a finite share in [0, 1]; a DLPerf score finite and not negative. */
    public static Checked<HostScores> of(Double reliability, Double dlperf) {
        if (reliability != null && !(reliability >= 0 && reliability <= 1)) {
            return Checked.failed(RejectReason.BAD_NUMBER, "reliability " + reliability + " is not within 0..1");
        }
        if (dlperf != null && !(dlperf >= 0 && Double.isFinite(dlperf))) {
            return Checked.failed(RejectReason.BAD_NUMBER, "dlperf " + dlperf + " is not a finite score >= 0");
        }
        return Checked.ok(new HostScores(reliability, dlperf));
    }
}
