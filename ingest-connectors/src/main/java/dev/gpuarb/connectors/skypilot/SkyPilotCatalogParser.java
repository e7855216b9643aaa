package dev.gpuarb.connectors.skypilot;

import dev.gpuarb.avro.PricingModel;
import dev.gpuarb.connectors.core.Checked;
import dev.gpuarb.connectors.core.GpuOffer;
import dev.gpuarb.connectors.core.ParseResult;
import dev.gpuarb.connectors.core.PriceItem;
import dev.gpuarb.connectors.core.PriceLimits;
import dev.gpuarb.connectors.core.Prices;
import dev.gpuarb.connectors.core.RejectReason;
import dev.gpuarb.connectors.core.Rejection;
import dev.gpuarb.vocab.CurrencyRates;
import dev.gpuarb.vocab.GpuInstance;
import dev.gpuarb.vocab.GpuModels;
import dev.gpuarb.vocab.GpuSpec;
import dev.gpuarb.vocab.Regions;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Parses a cloud catalog in the SkyPilot {@code vms.csv} layout. Columns are found by header name
 * because their order and presence differ between providers (no SpotPrice column in some, no
 * AvailabilityZone in most). Each GPU row gives an on-demand price (a marketplace price for
 * marketplace providers) and, when SpotPrice is filled, a spot price. Rows without an accelerator
 * are CPU-only instances and are skipped, not rejected.
 *
 * <p>Where InstanceType is empty (GCP lists GPUs as attachable accelerators priced per bundle),
 * the instance type becomes {@code <accelerator>x<count>} and the offer is marked
 * {@code unit=accelerator} because the host VM is priced separately.
 */
public final class SkyPilotCatalogParser {

    public static final String SOURCE = "skypilot-catalog";
    static final String SKIPPED_CPU_ONLY = "cpu-only instance";

    private static final List<String> REQUIRED = List.of("InstanceType", "AcceleratorName", "AcceleratorCount",
            "Price", "Region");
    private static final CSVFormat FORMAT = CSVFormat.DEFAULT.builder()
            .setHeader().setSkipHeaderRecord(true).setIgnoreEmptyLines(true).setTrim(true).get();

    private final CurrencyRates rates;
    private final PriceLimits limits;
    private final Set<String> marketplaceProviders;

    public SkyPilotCatalogParser(CurrencyRates rates, PriceLimits limits, Set<String> marketplaceProviders) {
        this.rates = rates;
        this.limits = limits;
        this.marketplaceProviders = marketplaceProviders;
    }

    /**
     * @param provider lower-case provider id for the offers
     * @param location where the text came from (file path or URL), for rejections
     */
    public ParseResult parse(Reader text, String provider, String location, Instant observedAt) {
        ParseResult result = new ParseResult();
        try (CSVParser csv = CSVParser.builder().setReader(text).setFormat(FORMAT).get()) {
            List<String> missing = REQUIRED.stream().filter(c -> !csv.getHeaderMap().containsKey(c)).toList();
            if (!missing.isEmpty()) {
                result.reject(new Rejection(SOURCE, RejectReason.MISSING_FIELD,
                        "catalog header lacks columns " + missing, String.join(",", csv.getHeaderNames()),
                        location + ":1"));
                result.markIncomplete();
                return result;
            }
            Iterator<CSVRecord> rows = csv.iterator();
            long lastGoodLine = 1;
            while (true) {
                CSVRecord row;
                try {
                    if (!rows.hasNext()) {
                        break;
                    }
                    row = rows.next();
                } catch (UncheckedIOException | IllegalStateException e) {
                    // The tokenizer cannot resynchronise after a broken quote: report and stop this file.
                    result.reject(new Rejection(SOURCE, RejectReason.MALFORMED_ROW,
                            "unparsable CSV after line " + lastGoodLine + ": " + rootMessage(e), "",
                            location + ":" + (lastGoodLine + 1)));
                    result.markIncomplete();
                    break;
                }
                lastGoodLine = row.getRecordNumber() + 1;
                parseRow(row, provider, location + ":" + lastGoodLine, observedAt, result);
            }
        } catch (IOException | UncheckedIOException | IllegalArgumentException | IllegalStateException e) {
            result.reject(new Rejection(SOURCE, RejectReason.MALFORMED_ROW, "unreadable CSV: " + rootMessage(e), "",
                    location + ":1"));
            result.markIncomplete();
        }
        return result;
    }

    private void parseRow(CSVRecord row, String provider, String location, Instant observedAt, ParseResult result) {
        String raw = String.join(",", row.values());
        if (!row.isConsistent()) {
            result.reject(new Rejection(SOURCE, RejectReason.MALFORMED_ROW, "row has " + row.size()
                    + " fields, header has " + row.getParser().getHeaderNames().size(), raw, location));
            return;
        }
        String accelerator = row.get("AcceleratorName");
        if (accelerator.isEmpty()) {
            result.skip(SKIPPED_CPU_ONLY);
            return;
        }
        Checked<GpuInstance> gpus = gpus(row, accelerator);
        if (!gpus.isOk()) {
            result.reject(gpus.toRejection(SOURCE, raw, location));
            return;
        }
        Optional<String> region = Regions.normalise(row.get("Region"));
        if (region.isEmpty()) {
            result.reject(new Rejection(SOURCE, RejectReason.MISSING_FIELD, "Region is empty", raw, location));
            return;
        }
        String instanceType = row.get("InstanceType");
        Map<String, String> attributes = attributes(row);
        if (instanceType.isEmpty()) {
            instanceType = accelerator + "x" + gpus.value().count();
            attributes.put("unit", "accelerator");
        }
        String zone = optional(row, "AvailabilityZone");
        PricingModel listModel = marketplaceProviders.contains(provider) ? PricingModel.MARKETPLACE
                : PricingModel.ON_DEMAND;
        offer(row.get("Price"), "Price", provider, region.get(), zone, instanceType, gpus.value(), listModel,
                observedAt, attributes, raw, location, result, true);
        String spot = optional(row, "SpotPrice");
        if (spot != null) {
            offer(spot, "SpotPrice", provider, region.get(), zone, instanceType, gpus.value(), PricingModel.SPOT,
                    observedAt, attributes, raw, location, result, false);
        }
    }

    private void offer(String price, String field, String provider, String region, String zone, String instanceType,
                       GpuInstance gpus, PricingModel model, Instant observedAt, Map<String, String> attributes,
                       String raw, String location, ParseResult result, boolean required) {
        Checked<Double> amount = Prices.number(price, field);
        if (!amount.isOk()) {
            if (required) {
                result.reject(amount.toRejection(SOURCE, raw, location + " (" + field + ")"));
            }
            return;
        }
        GpuOffer offer = new GpuOffer(SOURCE, provider, region, zone, instanceType, gpus, model, amount.value(),
                "USD", observedAt, attributes);
        Checked<PriceItem> item = offer.toPriceItem(rates, limits);
        if (item.isOk()) {
            result.accept(item.value());
        } else {
            result.reject(item.toRejection(SOURCE, raw, location + " (" + field + ")"));
        }
    }

    private static Checked<GpuInstance> gpus(CSVRecord row, String accelerator) {
        Checked<Double> count = Prices.number(row.get("AcceleratorCount"), "AcceleratorCount");
        if (!count.isOk()) {
            return count.map(c -> null);
        }
        double c = count.value();
        if (c < 1 || c != Math.rint(c) || c > 1024) {
            return Checked.failed(RejectReason.BAD_GPU_COUNT, "AcceleratorCount must be a whole number >= 1, was " + c);
        }
        int gpuCount = (int) c;
        String gpuInfo = optional(row, "GpuInfo");
        Optional<GpuSpec> spec = GpuModels.resolve(accelerator,
                GpuInfoHints.memoryPerGpuGib(gpuInfo, accelerator, gpuCount));
        if (spec.isEmpty()) {
            // The catalog's own name may be a short form; GpuInfo often has the vendor's full name.
            spec = GpuInfoHints.name(gpuInfo).flatMap(name -> GpuModels.resolve(name,
                    GpuInfoHints.memoryPerGpuGib(gpuInfo, name, gpuCount)));
        }
        return spec.<Checked<GpuInstance>>map(s -> Checked.ok(new GpuInstance(s, gpuCount)))
                .orElseGet(() -> Checked.failed(RejectReason.UNKNOWN_GPU, "unknown accelerator '" + accelerator + "'"));
    }

    private static Map<String, String> attributes(CSVRecord row) {
        Map<String, String> attributes = new LinkedHashMap<>();
        for (String column : List.of("vCPUs", "MemoryGiB", "Generation", "StorageGiB")) {
            String value = optional(row, column);
            if (value != null) {
                attributes.put(column, value);
            }
        }
        return attributes;
    }

    private static String optional(CSVRecord row, String column) {
        if (!row.isMapped(column) || !row.isSet(column)) {
            return null;
        }
        String value = row.get(column);
        return value.isEmpty() ? null : value;
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.toString() : t.getMessage();
    }
}
