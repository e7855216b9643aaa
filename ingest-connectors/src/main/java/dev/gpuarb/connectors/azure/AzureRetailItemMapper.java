package dev.gpuarb.connectors.azure;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gpuarb.avro.PricingModel;
import dev.gpuarb.connectors.core.Checked;
import dev.gpuarb.connectors.core.GpuOffer;
import dev.gpuarb.connectors.core.ParseResult;
import dev.gpuarb.connectors.core.PriceItem;
import dev.gpuarb.connectors.core.PriceLimits;
import dev.gpuarb.connectors.core.Prices;
import dev.gpuarb.connectors.core.Rejection;
import dev.gpuarb.vocab.CurrencyRates;
import dev.gpuarb.vocab.RejectReason;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Retail price items to GPU offers. Kept: hourly consumption meters of whole-GPU sizes for the
 * configured operating system. Spot and pay-as-you-go meters become SPOT and ON_DEMAND offers;
 * a low-priority meter becomes the SPOT offer only where the size has no spot meter in that
 * region, because both would otherwise share one offer id.
 */
final class AzureRetailItemMapper {

    static final String SKIPPED_OTHER_OS = "other operating system";
    static final String SKIPPED_NOT_GPU = "non-GPU VM size";
    static final String SKIPPED_FRACTIONAL = "fractional-GPU VM size";
    static final String SKIPPED_NOT_CONSUMPTION = "not a consumption meter";
    static final String SKIPPED_NOT_HOURLY = "not priced per hour";
    static final String SKIPPED_NON_PRIMARY = "non-primary meter region";
    static final String SKIPPED_LOW_PRIORITY = "low-priority meter beside a spot meter";

    private final String source;
    private final boolean windows;
    private final CurrencyRates rates;
    private final PriceLimits limits;

    AzureRetailItemMapper(String source, boolean windows, CurrencyRates rates, PriceLimits limits) {
        this.source = source;
        this.windows = windows;
        this.rates = rates;
        this.limits = limits;
    }

    /** Maps a whole snapshot, so that spot meters can take precedence over low-priority ones. */
    void mapAll(List<AzureRetailPage.Item> items, Instant observedAt, ParseResult result) {
        Map<String, Candidate> spot = new LinkedHashMap<>();
        Map<String, Candidate> lowPriority = new LinkedHashMap<>();
        for (AzureRetailPage.Item item : items) {
            Candidate c = candidate(item, observedAt, result);
            if (c == null) {
                continue;
            }
            if (c.tier() == AzurePriceTier.LOW_PRIORITY) {
                lowPriority.put(c.offer().offerId(), c);
            } else {
                if (c.tier() == AzurePriceTier.SPOT) {
                    spot.put(c.offer().offerId(), c);
                }
                accept(c, result);
            }
        }
        lowPriority.forEach((offerId, c) -> {
            if (spot.containsKey(offerId)) {
                result.skip(SKIPPED_LOW_PRIORITY);
            } else {
                accept(c, result);
            }
        });
    }

    private record Candidate(GpuOffer offer, AzurePriceTier tier, AzureRetailPage.Item item) {}

    private void accept(Candidate c, ParseResult result) {
        Checked<PriceItem> priced = c.offer().toPriceItem(rates, limits);
        if (priced.isOk()) {
            result.accept(priced.value());
        } else {
            result.reject(priced.toRejection(
                    source, c.item().json().toString(), c.item().location() + "(retailPrice)"));
        }
    }

    /** The offer of one item, or null when it was skipped or rejected (recorded in {@code result}). */
    private Candidate candidate(AzureRetailPage.Item item, Instant observedAt, ParseResult result) {
        JsonNode json = item.json();
        String type = text(json, "type");
        if (type != null && !type.equals("Consumption")) {
            result.skip(SKIPPED_NOT_CONSUMPTION);
            return null;
        }
        if (json.path("isPrimaryMeterRegion").isBoolean()
                && !json.path("isPrimaryMeterRegion").asBoolean()) {
            result.skip(SKIPPED_NON_PRIMARY);
            return null;
        }
        String sku = text(json, "armSkuName");
        if (sku == null) {
            result.reject(reject(item, RejectReason.MISSING_FIELD, "armSkuName is empty"));
            return null;
        }
        String productName = text(json, "productName");
        boolean windowsMeter =
                productName != null && productName.toLowerCase(Locale.ROOT).contains("windows");
        if (windowsMeter != windows) {
            result.skip(SKIPPED_OTHER_OS);
            return null;
        }
        AzureGpuVmSizes.Lookup gpus = AzureGpuVmSizes.lookup(sku);
        if (gpus instanceof AzureGpuVmSizes.NotGpu) {
            result.skip(SKIPPED_NOT_GPU);
            return null;
        }
        if (gpus instanceof AzureGpuVmSizes.Fractional) {
            result.skip(SKIPPED_FRACTIONAL);
            return null;
        }
        if (!(gpus instanceof AzureGpuVmSizes.Whole whole)) {
            result.reject(reject(item, RejectReason.UNKNOWN_GPU, "no GPU table entry for " + sku));
            return null;
        }
        String unit = text(json, "unitOfMeasure");
        if (unit != null && !unit.equalsIgnoreCase("1 Hour")) {
            result.skip(SKIPPED_NOT_HOURLY);
            return null;
        }
        String region = text(json, "armRegionName");
        if (region == null) {
            result.reject(reject(item, RejectReason.MISSING_FIELD, "armRegionName is empty"));
            return null;
        }
        String currency = text(json, "currencyCode");
        if (currency == null) {
            result.reject(reject(item, RejectReason.MISSING_FIELD, "currencyCode is empty"));
            return null;
        }
        JsonNode price = json.get("retailPrice");
        Checked<Double> amount = price != null && price.isNumber()
                ? Checked.ok(price.asDouble())
                : Prices.number(price == null || price.isNull() ? null : price.asText(), "retailPrice");
        if (!amount.isOk()) {
            result.reject(amount.toRejection(source, json.toString(), item.location()));
            return null;
        }
        AzurePriceTier tier = AzurePriceTier.of(text(json, "meterName"), text(json, "skuName"));
        PricingModel model = tier == AzurePriceTier.ON_DEMAND ? PricingModel.ON_DEMAND : PricingModel.SPOT;
        Map<String, String> attributes = new LinkedHashMap<>();
        attributes.put("priceTier", tier.name().toLowerCase(Locale.ROOT).replace('_', '-'));
        putIfPresent(attributes, "meterName", text(json, "meterName"));
        putIfPresent(attributes, "meterId", text(json, "meterId"));
        putIfPresent(attributes, "productName", productName);
        putIfPresent(attributes, "location", text(json, "location"));
        putIfPresent(attributes, "effectiveStartDate", text(json, "effectiveStartDate"));
        attributes.put("os", windows ? "Windows" : "Linux");
        GpuOffer offer = new GpuOffer(
                source,
                "azure",
                region.toLowerCase(Locale.ROOT),
                null,
                sku,
                whole.gpus(),
                model,
                amount.value(),
                currency,
                observedAt,
                attributes);
        return new Candidate(offer, tier, item);
    }

    private Rejection reject(AzureRetailPage.Item item, RejectReason reason, String detail) {
        return new Rejection(source, reason, detail, item.json().toString(), item.location());
    }

    private static void putIfPresent(Map<String, String> map, String key, String value) {
        if (value != null) {
            map.put(key, value);
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() || value.asText().isBlank()
                ? null
                : value.asText().trim();
    }
}
