package dev.gpuarb.connectors.skypilot;

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
import dev.gpuarb.vocab.GpuSpec;
import dev.gpuarb.vocab.PriceRules;
import dev.gpuarb.vocab.Regions;
import dev.gpuarb.vocab.RejectReason;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
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
 * <p>Where InstanceType is empty (GCP lists GPUs as accelerators priced apart from their host VM),
 * the accelerator alone is no machine one can rent: its price is added to the host VM row of the same
 * catalog and zone that {@link GcpHostRule} names, and the offer is that whole machine. An accelerator
 * row with no such host in the catalog is rejected ({@code NO_HOST_VM}), never priced as a GPU-hour.
 */
public final class SkyPilotCatalogParser {

    /** Instance-type suffix of a row that lists a spot offer in its Price column. */
    static final String SPOT_ROW_SUFFIX = "__SPOT";

    public static final String SOURCE = "skypilot-catalog";
    static final String SKIPPED_CPU_ONLY = "cpu-only instance";

    private static final List<String> REQUIRED =
            List.of("InstanceType", "AcceleratorName", "AcceleratorCount", "Price", "Region");
    private static final CSVFormat FORMAT = CSVFormat.DEFAULT
            .builder()
            .setHeader()
            .setSkipHeaderRecord(true)
            .setIgnoreEmptyLines(true)
            .setTrim(true)
            .get();

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
        try (CSVParser csv =
                CSVParser.builder().setReader(text).setFormat(FORMAT).get()) {
            List<String> missing = REQUIRED.stream()
                    .filter(c -> !csv.getHeaderMap().containsKey(c))
                    .toList();
            if (!missing.isEmpty()) {
                result.reject(new Rejection(
                        SOURCE,
                        RejectReason.MISSING_FIELD,
                        "catalog header lacks columns " + missing,
                        String.join(",", csv.getHeaderNames()),
                        location + ":1"));
                result.markIncomplete();
                return result;
            }
            Iterator<CSVRecord> rows = csv.iterator();
            CatalogHosts hosts = new CatalogHosts();
            List<Deferred> accelerators = new ArrayList<>();
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
                    result.reject(new Rejection(
                            SOURCE,
                            RejectReason.MALFORMED_ROW,
                            "unparsable CSV after line " + lastGoodLine + ": " + rootMessage(e),
                            "",
                            location + ":" + (lastGoodLine + 1)));
                    result.markIncomplete();
                    break;
                }
                lastGoodLine = row.getRecordNumber() + 1;
                parseRow(row, provider, location + ":" + lastGoodLine, observedAt, result, hosts, accelerators);
            }
            // Host rows may come before or after the accelerators (GCP lists accelerators last): pair at the end.
            for (Deferred d : accelerators) {
                priceWithHost(d, hosts, provider, observedAt, result);
            }
        } catch (IOException | UncheckedIOException | IllegalArgumentException | IllegalStateException e) {
            result.reject(new Rejection(
                    SOURCE, RejectReason.MALFORMED_ROW, "unreadable CSV: " + rootMessage(e), "", location + ":1"));
            result.markIncomplete();
        }
        return result;
    }

    private void parseRow(
            CSVRecord row,
            String provider,
            String location,
            Instant observedAt,
            ParseResult result,
            CatalogHosts hosts,
            List<Deferred> accelerators) {
        String raw = String.join(",", row.values());
        if (!row.isConsistent()) {
            result.reject(new Rejection(
                    SOURCE,
                    RejectReason.MALFORMED_ROW,
                    "row has " + row.size() + " fields, header has "
                            + row.getParser().getHeaderNames().size(),
                    raw,
                    location));
            return;
        }
        String accelerator = row.get("AcceleratorName");
        if (accelerator.isEmpty()) {
            hosts.add(row);
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
        String zone = optional(row, "AvailabilityZone");
        if (instanceType.isEmpty()) {
            accelerators.add(new Deferred(row, accelerator, gpus.value(), region.get(), zone, raw, location));
            return;
        }
        Map<String, String> attributes = attributes(row);
        // A catalog may list a machine's spot offer as a row of its own, marked by a suffix on the
        // instance type and priced in Price (Prime Intellect's re-sold spot capacity): that row is the
        // SPOT offer of the unmarked instance type, never an on-demand price.
        boolean spotRow = instanceType.endsWith(SPOT_ROW_SUFFIX) && instanceType.length() > SPOT_ROW_SUFFIX.length();
        if (spotRow) {
            instanceType = instanceType.substring(0, instanceType.length() - SPOT_ROW_SUFFIX.length());
        }
        offer(
                Prices.number(row.get("Price"), "Price"),
                "Price",
                provider,
                region.get(),
                zone,
                instanceType,
                gpus.value(),
                spotRow ? PricingModel.SPOT : listModel(provider),
                observedAt,
                attributes,
                raw,
                location,
                result,
                true);
        String spot = optional(row, "SpotPrice");
        if (spot != null) {
            offer(
                    Prices.number(spot, "SpotPrice"),
                    "SpotPrice",
                    provider,
                    region.get(),
                    zone,
                    instanceType,
                    gpus.value(),
                    PricingModel.SPOT,
                    observedAt,
                    attributes,
                    raw,
                    location,
                    result,
                    false);
        }
    }

    /** An accelerator row waiting for the host rows of the whole catalog to be read. */
    private record Deferred(
            CSVRecord row,
            String accelerator,
            GpuInstance gpus,
            String region,
            String zone,
            String raw,
            String location) {}

    /** Prices an accelerator row as the whole machine: accelerator + host VM, per pricing model. */
    private void priceWithHost(
            Deferred d, CatalogHosts hosts, String provider, Instant observedAt, ParseResult result) {
        int count = d.gpus().count();
        String zoneText = d.zone() == null ? d.region() : d.zone();
        Optional<GcpHostRule> rule = GcpHostRule.of(d.accelerator(), count);
        if (rule.isEmpty()) {
            result.reject(new Rejection(
                    SOURCE,
                    RejectReason.NO_HOST_VM,
                    "no GCP machine carries " + count + " x " + d.accelerator()
                            + ", so this accelerator row has no host VM to be priced with",
                    d.raw(),
                    d.location()));
            return;
        }
        Optional<HostVm> host = rule.get().cheapest(hosts.in(d.region(), d.zone()));
        if (host.isEmpty()) {
            result.reject(new Rejection(
                    SOURCE,
                    RejectReason.NO_HOST_VM,
                    "accelerator " + d.accelerator() + "x"
                            + count + " is priced without its host VM, and the catalog has no host for it in "
                            + zoneText
                            + " (needs " + rule.get().requirement() + ")",
                    d.raw(),
                    d.location()));
            return;
        }
        HostVm vm = host.get();
        String instanceType = rule.get().instanceType(vm, d.accelerator(), count);
        priceMachine(d, vm, vm.price(), "Price", listModel(provider), instanceType, provider, observedAt, result);
        String spot = optional(d.row(), "SpotPrice");
        if (spot == null) {
            return;
        }
        if (vm.spotPrice() == null || vm.spotPrice() <= 0) {
            result.reject(new Rejection(
                    SOURCE,
                    RejectReason.NO_HOST_VM,
                    "accelerator " + d.accelerator() + "x"
                            + count + " has a spot price but its host " + vm.instanceType() + " in " + zoneText
                            + " has none",
                    d.raw(),
                    d.location() + " (SpotPrice)"));
            return;
        }
        priceMachine(d, vm, vm.spotPrice(), "SpotPrice", PricingModel.SPOT, instanceType, provider, observedAt, result);
    }

    private void priceMachine(
            Deferred d,
            HostVm vm,
            double hostPrice,
            String field,
            PricingModel model,
            String instanceType,
            String provider,
            Instant observedAt,
            ParseResult result) {
        Checked<Double> accelerator = Prices.number(row(d, field), field);
        if (accelerator.isOk()) {
            // Checked alone, so that a zero or negative accelerator price is not hidden by the host's.
            Checked<Double> alone = Prices.price(accelerator.value(), field, Double.MAX_VALUE, false);
            if (!alone.isOk()) {
                result.reject(alone.toRejection(SOURCE, d.raw(), d.location() + " (" + field + ")"));
                return;
            }
        }
        Map<String, String> attributes = new LinkedHashMap<>();
        attributes.put("vCPUs", number(vm.vCpus()));
        attributes.put("MemoryGiB", number(vm.memoryGib()));
        attributes.put("hostInstanceType", vm.instanceType());
        attributes.put("hostPrice", Double.toString(hostPrice));
        if (accelerator.isOk()) {
            attributes.put("acceleratorPrice", Double.toString(accelerator.value()));
        }
        attributes.values().removeIf(Objects::isNull);
        offer(
                accelerator.map(a -> a + hostPrice),
                field,
                provider,
                d.region(),
                d.zone(),
                instanceType,
                d.gpus(),
                model,
                observedAt,
                attributes,
                d.raw(),
                d.location(),
                result,
                field.equals("Price"));
    }

    private static String row(Deferred d, String field) {
        String value = optional(d.row(), field);
        return value == null ? "" : value;
    }

    private static String number(double value) {
        return Double.isNaN(value) ? null : Double.toString(value);
    }

    private PricingModel listModel(String provider) {
        return marketplaceProviders.contains(provider) ? PricingModel.MARKETPLACE : PricingModel.ON_DEMAND;
    }

    private void offer(
            Checked<Double> amount,
            String field,
            String provider,
            String region,
            String zone,
            String instanceType,
            GpuInstance gpus,
            PricingModel model,
            Instant observedAt,
            Map<String, String> attributes,
            String raw,
            String location,
            ParseResult result,
            boolean required) {
        if (!amount.isOk()) {
            if (required) {
                result.reject(amount.toRejection(SOURCE, raw, location + " (" + field + ")"));
            }
            return;
        }
        GpuOffer offer = new GpuOffer(
                SOURCE,
                provider,
                region,
                zone,
                instanceType,
                gpus,
                model,
                amount.value(),
                "USD",
                observedAt,
                attributes);
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
        PriceRules.Violation badCount =
                PriceRules.gpuCount("AcceleratorCount", count.value(), PriceRules.DEFAULT_MAX_GPU_COUNT);
        if (badCount != null) {
            return Checked.of(badCount, null);
        }
        int gpuCount = count.value().intValue();
        String gpuInfo = optional(row, "GpuInfo");
        Optional<GpuSpec> spec =
                GpuModels.resolve(accelerator, GpuInfoHints.memoryPerGpuGib(gpuInfo, accelerator, gpuCount));
        if (spec.isEmpty()) {
            // The catalog's own name may be a short form; GpuInfo often has the vendor's full name.
            spec = GpuInfoHints.name(gpuInfo)
                    .flatMap(name -> GpuModels.resolve(name, GpuInfoHints.memoryPerGpuGib(gpuInfo, name, gpuCount)));
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
