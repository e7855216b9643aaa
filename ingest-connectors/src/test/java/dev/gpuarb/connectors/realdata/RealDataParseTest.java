package dev.gpuarb.connectors.realdata;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gpuarb.avro.GpuPriceObservation;
import dev.gpuarb.avro.TokenPriceObservation;
import dev.gpuarb.connectors.awsspot.SpotPriceTestSupport;
import dev.gpuarb.connectors.core.ParseResult;
import dev.gpuarb.connectors.core.PriceItem;
import dev.gpuarb.connectors.core.PriceLimits;
import dev.gpuarb.connectors.core.Rejection;
import dev.gpuarb.connectors.litellm.LiteLlmPriceParser;
import dev.gpuarb.connectors.skypilot.SkyPilotCatalogParser;
import dev.gpuarb.vocab.CurrencyRates;
import dev.gpuarb.vocab.GpuModels;
import dev.gpuarb.vocab.Regions;
import dev.gpuarb.vocab.RejectReason;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Every file in ../shared/data parses. Prints accepted / rejected (by reason) / skipped counts and
 * checks each rejection against the raw input: a row is rejected only if it really is invalid.
 */
class RealDataParseTest {

    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
    private static final Map<String, String> TABLE = new TreeMap<>();

    @AfterAll
    static void printTable() {
        if (TABLE.isEmpty()) {
            return;
        }
        System.out.println();
        System.out.printf("%-52s %8s %8s %8s  %s%n", "file", "accepted", "rejected", "skipped", "reasons");
        TABLE.forEach((file, line) -> System.out.printf("%-52s %s%n", file, line));
    }

    private static void record(String file, ParseResult r) {
        TABLE.put(
                file,
                String.format(
                        "%8d %8d %8d  %s %s",
                        r.accepted().size(), r.rejected().size(), r.skippedTotal(), r.rejectedByReason(), r.skipped()));
    }

    @Test
    void everySkyPilotCatalogParsesAndOnlyInvalidRowsAreRejected() throws IOException {
        Path dir = SharedData.require("skypilot");
        List<Path> files;
        try (Stream<Path> list = Files.list(dir)) {
            files = list.filter(p -> p.toString().endsWith(".csv")).sorted().toList();
        }
        assertThat(files).as("the 14 providers' catalogs (15 files)").hasSizeGreaterThanOrEqualTo(14);
        SkyPilotCatalogParser parser =
                new SkyPilotCatalogParser(CurrencyRates.defaults(), PriceLimits.defaults(), Set.of("vast"));
        Set<String> providers = new java.util.TreeSet<>();
        for (Path file : files) {
            String provider = file.getFileName().toString().split("-")[0];
            providers.add(provider);
            String text = Files.readString(file, StandardCharsets.UTF_8);
            ParseResult result = parser.parse(new StringReader(text), provider, file.toString(), NOW);
            record("skypilot/" + file.getFileName(), result);

            if (provider.equals("gcp")) {
                // This GPU subset leaves GCP's host VM rows out, so no accelerator row can be priced as a
                // machine (GcpMachinePriceTest pairs them with real host rows).
                assertThat(result.accepted())
                        .as("accelerators priced alone in %s", file)
                        .isEmpty();
                assertThat(result.rejectedByReason().keySet()).containsOnly(RejectReason.NO_HOST_VM);
            } else {
                assertThat(result.accepted()).as("accepted prices in %s", file).isNotEmpty();
                assertThat(result.rejectedByReason().keySet())
                        .as("reasons in %s", file)
                        .isSubsetOf(RejectReason.MISSING_FIELD, RejectReason.ZERO_PRICE);
            }
            for (Rejection r : result.rejected()) {
                assertGenuinelyInvalid(text, r);
            }
            for (PriceItem item : result.accepted()) {
                GpuPriceObservation o = (GpuPriceObservation) item.value();
                assertThat(GpuModels.byCanonicalName(o.getGpuModel()))
                        .as("canonical model %s", o.getGpuModel())
                        .isPresent();
                assertThat(o.getUsdPerGpuHour()).isPositive().isLessThan(PriceLimits.DEFAULT_MAX_USD_PER_GPU_HOUR);
                assertThat(o.getRegion()).matches("[a-z0-9-]+");
            }
            int dataRows =
                    (int) CSVFormat.DEFAULT
                            .builder()
                            .setHeader()
                            .setSkipHeaderRecord(true)
                            .get()
                            .parse(new StringReader(text))
                            .stream()
                            .count();
            assertThat(result.skippedTotal() + distinctRowsSeen(result, spotRows(text)))
                    .as("every row of %s accounted for", file)
                    .isEqualTo(dataRows);
        }
        assertThat(providers).as("one provider per file").hasSize(files.size()).hasSizeGreaterThanOrEqualTo(14);
    }

    /**
     * Each GPU row has exactly one outcome for its Price column: accepted, or rejected (whole row or its
     * Price). A row marked {@code __SPOT} prices a spot offer there ({@code spotRows}: instance type without
     * the marker, '/', zone); any other row a list price.
     */
    private static long distinctRowsSeen(ParseResult result, Set<String> spotRows) {
        long listPrices = result.accepted().stream()
                .map(i -> (GpuPriceObservation) i.value())
                .filter(o -> o.getPricingModel() != dev.gpuarb.avro.PricingModel.SPOT
                        || spotRows.contains(o.getInstanceType() + "/" + o.getZone()))
                .count();
        long rejectedRowsOrListPrices = result.rejected().stream()
                .filter(r -> !r.location().endsWith("(SpotPrice)"))
                .count();
        return listPrices + rejectedRowsOrListPrices;
    }

    /** Re-reads the rejected line from the file and checks the named field really is empty or zero. */
    /** Instance type without the marker, '/', zone, of every GPU row whose instance type ends in __SPOT. */
    private static Set<String> spotRows(String text) throws IOException {
        Set<String> keys = new java.util.HashSet<>();
        for (CSVRecord row : CSVFormat.DEFAULT
                .builder()
                .setHeader()
                .setSkipHeaderRecord(true)
                .get()
                .parse(new StringReader(text))) {
            String type = row.get("InstanceType");
            if (type.endsWith("__SPOT") && !row.get("AcceleratorName").isEmpty()) {
                keys.add(type.substring(0, type.length() - "__SPOT".length()) + "/" + row.get("AvailabilityZone"));
            }
        }
        return keys;
    }

    private static void assertGenuinelyInvalid(String fileText, Rejection r) throws IOException {
        String location = r.location();
        String field = location.matches(".*\\((\\w+)\\)$")
                ? location.replaceFirst(".*\\((\\w+)\\)$", "$1")
                : r.detail().split(" ")[0];
        int line = Integer.parseInt(location.replaceFirst(" \\(.*\\)$", "").replaceFirst(".*:(\\d+)$", "$1"));
        String header = fileText.lines().findFirst().orElseThrow();
        String rowText = fileText.lines().skip(line - 1).findFirst().orElseThrow();
        CSVRecord row = CSVFormat.DEFAULT
                .builder()
                .setHeader(CSVFormat.DEFAULT
                        .parse(new StringReader(header))
                        .getRecords()
                        .get(0)
                        .values())
                .get()
                .parse(new StringReader(rowText))
                .getRecords()
                .get(0);
        assertThat(String.join(",", row.values())).as("excerpt of %s", location).isEqualTo(r.rawExcerpt());
        switch (r.reason()) {
            case MISSING_FIELD ->
                assertThat(row.get(field)).as("%s at %s", r.detail(), location).isEmpty();
            case ZERO_PRICE ->
                assertThat(Double.parseDouble(row.get(field)))
                        .as("zero %s at %s", field, location)
                        .isZero();
            case NO_HOST_VM ->
                assertThat(fileText.lines()
                                .skip(1)
                                .filter(l -> !l.startsWith(","))
                                .toList())
                        .as("host VM rows in the file of %s", location)
                        .isEmpty();
            default -> throw new AssertionError("unexpected rejection " + r);
        }
    }

    @Test
    void awsSpotHistoryTsvParsesWithNoRejections() throws IOException {
        Path dir = SharedData.require("aws-spot");
        List<Path> files;
        try (Stream<Path> list = Files.list(dir)) {
            files = list.filter(p -> p.toString().endsWith(".tsv")).sorted().toList();
        }
        assertThat(files).isNotEmpty();
        for (Path file : files) {
            String text = Files.readString(file, StandardCharsets.UTF_8);
            ParseResult result = SpotPriceTestSupport.parseAll(text, file.toString(), "Linux/UNIX");
            record("aws-spot/" + file.getFileName(), result);
            assertThat(result.rejected()).as("rejections in %s", file).isEmpty();
            assertThat(result.accepted()).isNotEmpty();
            long lines = text.lines().filter(l -> !l.isBlank()).count();
            assertThat(result.accepted().size() + result.skippedTotal()).isEqualTo(lines);
            // Every zone id in the file maps to a region, GPU family or not.
            Set<String> zones = text.lines().map(l -> l.split("\t")[0]).collect(Collectors.toSet());
            for (String zone : zones) {
                assertThat(Regions.awsRegionOfZoneId(zone))
                        .as("region of %s", zone)
                        .isPresent();
            }
            for (PriceItem item : result.accepted()) {
                GpuPriceObservation o = (GpuPriceObservation) item.value();
                assertThat(Regions.isAwsRegion(o.getRegion())).isTrue();
                assertThat(o.getZone()).startsWith(o.getZone().substring(0, 3));
            }
        }
    }

    @Test
    void awsInstanceTableAgreesWithTheSkyPilotAwsCatalog() throws IOException {
        Path file = SharedData.require("skypilot").resolve("aws-gpu-vms.csv");
        try (Reader in = Files.newBufferedReader(file)) {
            for (CSVRecord row : CSVFormat.DEFAULT
                    .builder()
                    .setHeader()
                    .setSkipHeaderRecord(true)
                    .get()
                    .parse(in)) {
                var instance = GpuModels.forAwsInstanceType(row.get("InstanceType"));
                assertThat(instance)
                        .as("table entry for %s", row.get("InstanceType"))
                        .isPresent();
                assertThat(instance.get().count())
                        .as("GPU count of %s", row.get("InstanceType"))
                        .isEqualTo((int) Double.parseDouble(row.get("AcceleratorCount")));
                assertThat(GpuModels.resolve(row.get("AcceleratorName")).map(s -> s.family()))
                        .hasValue(instance.get().gpu().family());
            }
        }
    }

    @Test
    void everyLiteLlmSnapshotParsesAndOnlyIncompleteEntriesAreRejected() throws IOException {
        Path dir = SharedData.require("litellm");
        List<Path> files;
        try (Stream<Path> list = Files.list(dir)) {
            files = list.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
        assertThat(files).hasSizeGreaterThanOrEqualTo(2);
        LiteLlmPriceParser parser =
                new LiteLlmPriceParser(Set.of("chat", "completion", "responses"), PriceLimits.defaults());
        for (Path file : files) {
            byte[] bytes = Files.readAllBytes(file);
            ParseResult result = parser.parse(bytes, file.toString(), NOW);
            record("litellm/" + file.getFileName(), result);
            var tree = new com.fasterxml.jackson.databind.ObjectMapper().readTree(bytes);
            long textEntries = 0;
            for (var e : tree.properties()) {
                if (Set.of("chat", "completion", "responses")
                        .contains(e.getValue().path("mode").asText())) {
                    textEntries++;
                }
            }
            assertThat(result.accepted().size() + result.rejected().size()).isEqualTo(textEntries);
            assertThat(result.accepted()).hasSizeGreaterThan(100);
            for (Rejection r : result.rejected()) {
                assertThat(r.reason()).isEqualTo(RejectReason.MISSING_FIELD);
                String model = r.location().substring(r.location().indexOf('#') + 1);
                String field = r.detail().split(" ")[0];
                assertThat(tree.get(model).has(field))
                        .as("%s really lacks %s", model, field)
                        .isFalse();
            }
            for (PriceItem item : result.accepted()) {
                TokenPriceObservation o = (TokenPriceObservation) item.value();
                assertThat(o.getModel()).isEqualTo(o.getModel().toLowerCase()).doesNotContain("/");
                assertThat(o.getUsdPerMillionOutput()).isGreaterThanOrEqualTo(0);
            }
        }
    }
}
