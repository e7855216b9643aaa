package dev.gpuarb.connectors.awsspot;

import dev.gpuarb.avro.PricingModel;
import dev.gpuarb.connectors.core.Checked;
import dev.gpuarb.connectors.core.GpuOffer;
import dev.gpuarb.connectors.core.ParseResult;
import dev.gpuarb.connectors.core.PriceItem;
import dev.gpuarb.connectors.core.PriceLimits;
import dev.gpuarb.connectors.core.Prices;
import dev.gpuarb.connectors.core.Rejection;
import dev.gpuarb.vocab.CurrencyRates;
import dev.gpuarb.vocab.GpuInstance;
import dev.gpuarb.vocab.GpuModels;
import dev.gpuarb.vocab.Regions;
import dev.gpuarb.vocab.RejectReason;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Spot price events to GPU price records. Only the configured product descriptions (operating
 * systems) and GPU instance families are kept; the rest is skipped and counted. One product
 * description per connector keeps the offer id (which has no OS in it) unambiguous.
 */
public final class SpotPriceMapper {

    static final String SKIPPED_OTHER_PRODUCT = "other product description";
    static final String SKIPPED_NOT_GPU = "non-GPU instance family";

    private final String source;
    private final Set<String> productDescriptions;
    private final Set<String> gpuFamilies;
    private final CurrencyRates rates;
    private final PriceLimits limits;

    public SpotPriceMapper(
            String source,
            Set<String> productDescriptions,
            Set<String> gpuFamilies,
            CurrencyRates rates,
            PriceLimits limits) {
        this.source = source;
        this.productDescriptions = productDescriptions;
        this.gpuFamilies = gpuFamilies;
        this.rates = rates;
        this.limits = limits;
    }

    /** Adds the event's outcome to {@code result}: one accepted price, one rejection, or one skip. */
    public void map(SpotPriceEvent e, ParseResult result) {
        if (e.instanceType() == null || e.instanceType().isEmpty()) {
            result.reject(reject(e, RejectReason.MISSING_FIELD, "InstanceType is empty"));
            return;
        }
        String family = e.instanceType().contains(".")
                ? e.instanceType().substring(0, e.instanceType().indexOf('.'))
                : e.instanceType();
        if (!gpuFamilies.contains(family)) {
            result.skip(SKIPPED_NOT_GPU);
            return;
        }
        if (e.productDescription() == null || e.productDescription().isEmpty()) {
            result.reject(reject(e, RejectReason.MISSING_FIELD, "ProductDescription is empty"));
            return;
        }
        if (!productDescriptions.contains(e.productDescription())) {
            result.skip(SKIPPED_OTHER_PRODUCT);
            return;
        }
        Optional<GpuInstance> gpus = GpuModels.forAwsInstanceType(e.instanceType());
        if (gpus.isEmpty()) {
            result.reject(reject(e, RejectReason.UNKNOWN_GPU, "no GPU table entry for " + e.instanceType()));
            return;
        }
        if (e.zone() == null || e.zone().isEmpty()) {
            result.reject(reject(e, RejectReason.MISSING_FIELD, "AvailabilityZone is empty"));
            return;
        }
        Optional<String> region = Regions.awsRegionOfZone(e.zone());
        if (region.isEmpty()) {
            result.reject(reject(e, RejectReason.UNKNOWN_REGION, "no region for zone '" + e.zone() + "'"));
            return;
        }
        Checked<Double> amount = Prices.number(e.price(), "SpotPrice");
        if (!amount.isOk()) {
            result.reject(amount.toRejection(source, e.raw(), e.location()));
            return;
        }
        Instant at;
        try {
            at = parseTimestamp(e.timestamp());
        } catch (DateTimeParseException | NullPointerException ex) {
            result.reject(reject(e, RejectReason.BAD_TIMESTAMP, "Timestamp is not ISO-8601: '" + e.timestamp() + "'"));
            return;
        }
        GpuOffer offer = new GpuOffer(
                source,
                "aws",
                region.get(),
                e.zone(),
                e.instanceType(),
                gpus.get(),
                PricingModel.SPOT,
                amount.value(),
                "USD",
                at,
                Map.of("productDescription", e.productDescription()));
        Checked<PriceItem> item = offer.toPriceItem(rates, limits);
        if (item.isOk()) {
            result.accept(item.value());
        } else {
            result.reject(item.toRejection(source, e.raw(), e.location()));
        }
    }

    static Instant parseTimestamp(String text) {
        return OffsetDateTime.parse(text.trim()).toInstant();
    }

    private Rejection reject(SpotPriceEvent e, RejectReason reason, String detail) {
        return new Rejection(source, reason, detail, e.raw(), e.location());
    }
}
