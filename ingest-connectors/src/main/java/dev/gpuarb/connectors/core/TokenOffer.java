package dev.gpuarb.connectors.core;

import dev.gpuarb.avro.TokenPriceObservation;
import dev.gpuarb.topics.Topic;
import dev.gpuarb.vocab.RegionResidency;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One token price as a parser read it, in USD per million tokens, before checks.
 *
 * @param region the region or area (eu, us, ...) when the source states one, else null: the offer
 *        then has no residency tags
 * @param usdPerMillionCachedInput null when the provider has no prompt-cache price
 * @param maxInputTokens null when unknown
 */
public record TokenOffer(
        String source,
        String provider,
        String providerModelId,
        String region,
        double usdPerMillionInput,
        double usdPerMillionOutput,
        Double usdPerMillionCachedInput,
        Long maxInputTokens,
        Instant observedAt,
        List<String> tags) {

    public String model() {
        return TokenModels.canonicalModel(providerModelId);
    }

    public String offerId() {
        // Unchecked: a name with the separator is refused by toPriceItem, and cannot take a clean offer's id.
        return String.join(OfferIds.SEPARATOR, provider, model(), region == null ? "" : region);
    }

    private Checked<String> checkedOfferId() {
        return OfferIds.join(
                OfferIds.part("provider", provider), OfferIds.part("model", model()), OfferIds.part("region", region));
    }

    /** Checks the prices (zero is a valid price: free tiers exist) and builds the record. */
    public Checked<PriceItem> toPriceItem(PriceLimits limits) {
        Checked<String> id = checkedOfferId();
        if (!id.isOk()) {
            return id.map(v -> null);
        }
        double ceiling = limits.maxUsdPerMillionTokens();
        for (Checked<Double> check : List.of(
                Prices.price(usdPerMillionInput, "input USD per million tokens", ceiling, true),
                Prices.price(usdPerMillionOutput, "output USD per million tokens", ceiling, true),
                usdPerMillionCachedInput == null
                        ? Checked.ok(0.0)
                        : Prices.price(usdPerMillionCachedInput, "cached input USD per million tokens", ceiling, true),
                limits.checkNotInFuture(observedAt))) {
            if (!check.isOk()) {
                return check.map(v -> null);
            }
        }
        List<String> allTags = new ArrayList<>(tags);
        List<String> residencyTags = RegionResidency.tagsOf(provider, region);
        residencyTags.stream().filter(tag -> !allTags.contains(tag)).forEach(allTags::add);
        if (usdPerMillionInput == 0 && usdPerMillionOutput == 0) {
            allTags.add("free");
        }
        TokenPriceObservation value = TokenPriceObservation.newBuilder()
                .setOfferId(offerId())
                .setProvider(provider)
                .setModel(model())
                .setProviderModelId(providerModelId)
                .setRegion(region)
                .setUsdPerMillionInput(usdPerMillionInput)
                .setUsdPerMillionOutput(usdPerMillionOutput)
                .setUsdPerMillionCachedInput(usdPerMillionCachedInput)
                .setMaxInputTokens(maxInputTokens)
                .setObservedAt(observedAt)
                .setSource(source)
                .setTags(allTags)
                .build();
        // As for GPU offers: residency tags change the fingerprint only where there are any.
        String fingerprint = residencyTags.isEmpty()
                ? Fingerprints.of(
                        usdPerMillionInput,
                        usdPerMillionOutput,
                        usdPerMillionCachedInput,
                        maxInputTokens,
                        providerModelId)
                : Fingerprints.of(
                        usdPerMillionInput,
                        usdPerMillionOutput,
                        usdPerMillionCachedInput,
                        maxInputTokens,
                        providerModelId,
                        residencyTags);
        return Checked.ok(new PriceItem(Topic.TOKEN_PRICES, offerId(), value, fingerprint));
    }
}
