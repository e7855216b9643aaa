package dev.gpuarb.connectors.core;

import dev.gpuarb.avro.GpuPriceObservation;
import dev.gpuarb.avro.PricingModel;
import dev.gpuarb.topics.Topic;
import dev.gpuarb.vocab.CurrencyRates;
import dev.gpuarb.vocab.GpuInstance;
import dev.gpuarb.vocab.RegionResidency;
import dev.gpuarb.vocab.RejectReason;
import java.time.Instant;
import java.util.Map;

/**
 * One GPU offer as a parser read it, before normalisation to {@link GpuPriceObservation}.
 *
 * @param amountPerHour price of the whole instance per hour in {@code currency}
 * @param zone null when the price is not zonal
 */
public record GpuOffer(
        String source,
        String provider,
        String region,
        String zone,
        String instanceType,
        GpuInstance gpus,
        PricingModel pricingModel,
        double amountPerHour,
        String currency,
        Instant observedAt,
        Map<String, String> attributes) {

    /** The stable offer key: provider|region|zone|instanceType|pricingModel. */
    public String offerId() {
        // Unchecked: a name with the separator is refused by toPriceItem, and cannot take a clean offer's id.
        return String.join(
                OfferIds.SEPARATOR, provider, region, zone == null ? "" : zone, instanceType, pricingModel.name());
    }

    private Checked<String> checkedOfferId() {
        return OfferIds.join(
                OfferIds.part("provider", provider),
                OfferIds.part("region", region),
                OfferIds.part("zone", zone),
                OfferIds.part("instanceType", instanceType),
                OfferIds.part("pricingModel", pricingModel.name()));
    }

    /**
     * Converts to USD, checks the per-GPU price and builds the record. The check runs on the USD
     * per-GPU price so that one ceiling serves every currency and instance size. The record carries the
     * region's residency tags ({@link RegionResidency}); none when the region is not known there.
     */
    public Checked<PriceItem> toPriceItem(CurrencyRates rates, PriceLimits limits) {
        return toPriceItem(rates, limits, HostScores.NONE);
    }

    /**
     * As {@link #toPriceItem(CurrencyRates, PriceLimits)}, with a marketplace's scores of the host. The
     * scores are not part of the fingerprint: they drift with every poll, and a drift alone is sent
     * with the next heartbeat rather than as a change.
     */
    public Checked<PriceItem> toPriceItem(CurrencyRates rates, PriceLimits limits, HostScores scores) {
        Checked<String> id = checkedOfferId();
        if (!id.isOk()) {
            return id.map(v -> null);
        }
        var usd = rates.toUsd(amountPerHour, currency);
        if (usd.isEmpty()) {
            return Checked.failed(RejectReason.UNKNOWN_CURRENCY, "no USD rate for currency '" + currency + "'");
        }
        double usdPerHour = usd.get();
        double usdPerGpuHour = usdPerHour / gpus.count();
        Checked<Double> checked = Prices.price(usdPerGpuHour, "USD per GPU-hour", limits.maxUsdPerGpuHour(), false);
        if (!checked.isOk()) {
            return checked.map(v -> null);
        }
        Checked<Double> dated = limits.checkNotInFuture(observedAt);
        if (!dated.isOk()) {
            return dated.map(v -> null);
        }
        var residencyTags = RegionResidency.tagsOf(provider, region);
        GpuPriceObservation value = GpuPriceObservation.newBuilder()
                .setOfferId(offerId())
                .setProvider(provider)
                .setRegion(region)
                .setZone(zone)
                .setInstanceType(instanceType)
                .setGpuModel(gpus.gpu().model())
                .setGpuCount(gpus.count())
                .setGpuMemoryGb(gpus.gpu().memoryGb())
                .setPricingModel(pricingModel)
                .setUsdPerHour(usdPerHour)
                .setUsdPerGpuHour(usdPerGpuHour)
                .setCurrency(currency.toUpperCase(java.util.Locale.ROOT))
                .setOriginalAmount(amountPerHour)
                .setObservedAt(observedAt)
                .setSource(source)
                .setComplianceTags(residencyTags)
                .setAttributes(attributes)
                .setReliability(scores.reliability())
                .setDlperf(scores.dlperf())
                .build();
        // Tags join the fingerprint only when there are any, so that offers sent before the vocabulary
        // knew their region are sent once more with them, and the others keep their fingerprint.
        String fingerprint = residencyTags.isEmpty()
                ? Fingerprints.of(gpus.gpu().model(), gpus.count(), amountPerHour, currency)
                : Fingerprints.of(gpus.gpu().model(), gpus.count(), amountPerHour, currency, residencyTags);
        return Checked.ok(new PriceItem(Topic.GPU_PRICES, offerId(), value, fingerprint));
    }
}
