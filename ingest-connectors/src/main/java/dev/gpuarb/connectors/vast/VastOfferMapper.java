package dev.gpuarb.connectors.vast;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gpuarb.avro.PricingModel;
import dev.gpuarb.connectors.core.Checked;
import dev.gpuarb.connectors.core.GpuOffer;
import dev.gpuarb.connectors.core.HostScores;
import dev.gpuarb.connectors.core.OfferIds;
import dev.gpuarb.connectors.core.PriceItem;
import dev.gpuarb.connectors.core.PriceLimits;
import dev.gpuarb.vocab.CurrencyRates;
import dev.gpuarb.vocab.GpuInstance;
import dev.gpuarb.vocab.GpuModels;
import dev.gpuarb.vocab.PriceRules;
import dev.gpuarb.vocab.Regions;
import dev.gpuarb.vocab.RejectReason;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * One Vast.ai offer (an "ask") to one price. The offer is keyed by machine and GPU count
 * ({@code vast|<region>||machine-<machine_id>-<n>x|MARKETPLACE}): Vast lists a machine once per GPU
 * count it can be split into, and a renter picks exactly that. The price is {@code dph_total}, USD
 * per hour for the whole ask with its default storage. The region is the {@code geolocation} slug
 * ({@code "Texas, US"} -> {@code texas-us}), read for residency like SkyPilot's Vast rows.
 */
final class VastOfferMapper {

    static final String PROVIDER = "vast";
    /** GPU memory is listed in MiB. */
    private static final double MIB_PER_GIB = 1024.0;

    private final String source;
    private final CurrencyRates rates;
    private final PriceLimits limits;

    VastOfferMapper(String source, CurrencyRates rates, PriceLimits limits) {
        this.source = source;
        this.rates = rates;
        this.limits = limits;
    }

    Checked<PriceItem> map(JsonNode offer, Instant observedAt) {
        Checked<Long> machine = wholeNumber(offer, "machine_id");
        if (!machine.isOk()) {
            return machine.map(v -> null);
        }
        String gpuName = text(offer, "gpu_name");
        String geolocation = text(offer, "geolocation");
        if (gpuName == null) {
            return Checked.failed(RejectReason.MISSING_FIELD, "gpu_name is empty");
        }
        if (geolocation == null) {
            return Checked.failed(RejectReason.MISSING_FIELD, "geolocation is empty");
        }
        // The region and instance type are built from these; a '|' in them is refused like any offer id part.
        Checked<String> names =
                OfferIds.join(OfferIds.part("gpu_name", gpuName), OfferIds.part("geolocation", geolocation));
        if (!names.isOk()) {
            return names.map(v -> null);
        }
        Checked<GpuInstance> gpus = gpus(offer, gpuName);
        if (!gpus.isOk()) {
            return gpus.map(v -> null);
        }
        Checked<Double> price = number(offer, "dph_total");
        if (!price.isOk()) {
            return price.map(v -> null);
        }
        Checked<HostScores> scores = scores(offer);
        if (!scores.isOk()) {
            return scores.map(v -> null);
        }
        String region = Regions.normalise(geolocation).orElse(null);
        if (region == null) {
            return Checked.failed(RejectReason.UNKNOWN_REGION, "geolocation '" + geolocation + "' names no place");
        }
        String instanceType = "machine-" + machine.value() + "-" + gpus.value().count() + "x";
        return new GpuOffer(
                        source,
                        PROVIDER,
                        region,
                        null,
                        instanceType,
                        gpus.value(),
                        PricingModel.MARKETPLACE,
                        price.value(),
                        "USD",
                        observedAt,
                        attributes(offer, gpuName))
                .toPriceItem(rates, limits, scores.value());
    }

    private static Checked<GpuInstance> gpus(JsonNode offer, String gpuName) {
        Checked<Long> count = wholeNumber(offer, "num_gpus");
        if (!count.isOk()) {
            return Checked.failed(
                    RejectReason.BAD_GPU_COUNT, "num_gpus must be a whole number, was " + offer.path("num_gpus"));
        }
        PriceRules.Violation badCount =
                PriceRules.gpuCount("num_gpus", count.value(), PriceRules.DEFAULT_MAX_GPU_COUNT);
        if (badCount != null) {
            return Checked.of(badCount, null);
        }
        JsonNode ram = offer.get("gpu_ram");
        OptionalDouble memoryHint = ram != null && ram.isNumber() && ram.asDouble() > 0
                ? OptionalDouble.of(ram.asDouble() / MIB_PER_GIB)
                : OptionalDouble.empty();
        return GpuModels.resolve(gpuName, memoryHint)
                .<Checked<GpuInstance>>map(
                        s -> Checked.ok(new GpuInstance(s, count.value().intValue())))
                .orElseGet(() -> Checked.failed(RejectReason.UNKNOWN_GPU, "unknown gpu_name '" + gpuName + "'"));
    }

    /** reliability2 is the score Vast shows and filters on; the older reliability field stands in when it is absent. */
    private static Checked<HostScores> scores(JsonNode offer) {
        String reliabilityField = present(offer, "reliability2") ? "reliability2" : "reliability";
        Checked<Double> reliability = optionalNumber(offer, reliabilityField);
        if (!reliability.isOk()) {
            return reliability.map(v -> null);
        }
        Checked<Double> dlperf = optionalNumber(offer, "dlperf");
        if (!dlperf.isOk()) {
            return dlperf.map(v -> null);
        }
        return HostScores.of(reliability.value(), dlperf.value());
    }

    private static Map<String, String> attributes(JsonNode offer, String gpuName) {
        Map<String, String> attributes = new LinkedHashMap<>();
        attributes.put("gpuName", gpuName);
        copy(offer, "id", "askId", attributes);
        copy(offer, "machine_id", "machineId", attributes);
        copy(offer, "host_id", "hostId", attributes);
        copy(offer, "verified", "verified", attributes);
        copy(offer, "cpu_cores_effective", "vcpus", attributes);
        copy(offer, "cpu_ram", "cpuRamMb", attributes);
        copy(offer, "gpu_ram", "gpuRamMb", attributes);
        copy(offer, "disk_space", "diskGb", attributes);
        return attributes;
    }

    private static void copy(JsonNode offer, String field, String name, Map<String, String> attributes) {
        if (present(offer, field) && offer.get(field).isValueNode()) {
            attributes.put(name, offer.get(field).asText());
        }
    }

    private static boolean present(JsonNode offer, String field) {
        JsonNode value = offer.get(field);
        return value != null && !value.isNull();
    }

    private static String text(JsonNode offer, String field) {
        JsonNode value = offer.get(field);
        return value == null
                        || value.isNull()
                        || !value.isValueNode()
                        || value.asText().isBlank()
                ? null
                : value.asText().trim();
    }

    /** A required number (JSON number, or numeric text): NaN and infinities pass, for the price checks to name. */
    private static Checked<Double> number(JsonNode offer, String field) {
        JsonNode value = offer.get(field);
        if (value == null || value.isNull()) {
            return Checked.failed(RejectReason.MISSING_FIELD, field + " is missing");
        }
        if (value.isNumber()) {
            return Checked.ok(value.asDouble());
        }
        try {
            return Checked.ok(Double.parseDouble(value.asText().trim()));
        } catch (NumberFormatException e) {
            return Checked.failed(RejectReason.BAD_NUMBER, field + " is not a number: " + value);
        }
    }

    /** An optional number: absent or null is no value. */
    private static Checked<Double> optionalNumber(JsonNode offer, String field) {
        return present(offer, field) ? number(offer, field) : Checked.ok(null);
    }

    private static Checked<Long> wholeNumber(JsonNode offer, String field) {
        Checked<Double> n = number(offer, field);
        if (!n.isOk()) {
            return n.map(v -> null);
        }
        double v = n.value();
        if (v != Math.rint(v) || Double.isInfinite(v) || v < 0) {
            return Checked.failed(RejectReason.BAD_NUMBER, field + " is not a whole number: " + offer.get(field));
        }
        return Checked.ok((long) v);
    }
}
