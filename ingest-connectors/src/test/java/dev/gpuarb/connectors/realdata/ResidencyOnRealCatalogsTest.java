package dev.gpuarb.connectors.realdata;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gpuarb.avro.GpuPriceObservation;
import dev.gpuarb.connectors.awsspot.SpotPriceTestSupport;
import dev.gpuarb.connectors.core.ParseResult;
import dev.gpuarb.connectors.core.PriceItem;
import dev.gpuarb.connectors.core.PriceLimits;
import dev.gpuarb.connectors.core.TaskMetrics;
import dev.gpuarb.connectors.skypilot.SkyPilotCatalogParser;
import dev.gpuarb.testkit.SharedData;
import dev.gpuarb.vocab.CurrencyRates;
import dev.gpuarb.vocab.Regions;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The residency tags the connectors attach, over the real catalogs in ../shared/data: every offer of a
 * known region has them, an EU requirement only ever admits offers the test itself places in the EU,
 * and the regions the vocabulary leaves unknown give no tags and are counted.
 */
class ResidencyOnRealCatalogsTest {

    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

    /** Regions of the data whose country the vocabulary does not claim to know, written down here. */
    private static final Set<String> LEFT_UNKNOWN =
            Set.of("hyperbolic/default", "lambda/asia-northeast-2", "lambda/europe-south-1");

    /** The European Union's 27 members (ISO 3166 codes), as the EU lists them. */
    private static final Set<String> EU27 = Set.of(
            "AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE", "IT", "LV", "LT", "LU",
            "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE");

    private static final Set<String> EU27_NAMES = Set.of(
            "germany", "finland", "france", "poland", "sweden", "netherlands", "italy", "spain", "ireland", "belgium");

    /**
     * The EU regions of the providers whose region codes do not spell a country, from each provider's
     * published locations. London (aws eu-west-2, gcp europe-west2) and Zurich (gcp europe-west6) are
     * in Europe but not in the EU; every Azure region in the data is in the US.
     */
    private static final Map<String, Set<String>> EU_REGIONS_BY_HAND = Map.of(
            "aws", Set.of("eu-central-1", "eu-north-1", "eu-south-1", "eu-west-1", "eu-west-3"),
            "gcp", Set.of("europe-central2", "europe-north1", "europe-west1", "europe-west3", "europe-west4"),
            "azure", Set.of(),
            "lambda", Set.of("europe-central-1"),
            "nebius", Set.of("eu-north1", "eu-west1"),
            "cudo", Set.of("se-stockholm-1"),
            "seeweb", Set.of("bg-sof1", "it-fr2", "it-mi2"),
            "mithril", Set.of(),
            "hyperbolic", Set.of());

    private static final List<GpuPriceObservation> OFFERS = new ArrayList<>();
    /** Region text as the catalogs write it, by provider and canonical region. */
    private static final Map<String, String> RAW_REGION = new HashMap<>();

    private static final Map<String, Long> UNKNOWN_COUNTED = new TreeMap<>();
    private static final TaskMetrics METRICS = new TaskMetrics();

    @BeforeAll
    static void parseEveryCatalog() throws IOException {
        Path dir = SharedData.require("skypilot");
        SkyPilotCatalogParser parser =
                new SkyPilotCatalogParser(CurrencyRates.defaults(), PriceLimits.defaults(), Set.of("vast"));
        List<Path> files;
        try (Stream<Path> list = Files.list(dir)) {
            files = list.filter(p -> p.toString().endsWith(".csv")).sorted().toList();
        }
        for (Path file : files) {
            String provider = file.getFileName().toString().split("-")[0];
            String text = Files.readString(file, StandardCharsets.UTF_8);
            for (CSVRecord row : CSVFormat.DEFAULT
                    .builder()
                    .setHeader()
                    .setSkipHeaderRecord(true)
                    .get()
                    .parse(new StringReader(text))) {
                Regions.normalise(row.get("Region"))
                        .ifPresent(r -> RAW_REGION.put(provider + "/" + r, row.get("Region")));
            }
            collect(parser.parse(new StringReader(text), provider, file.toString(), NOW));
        }
        Path spot = SharedData.require("aws-spot");
        try (Stream<Path> list = Files.list(spot)) {
            for (Path file :
                    list.filter(p -> p.toString().endsWith(".tsv")).sorted().toList()) {
                collect(SpotPriceTestSupport.parseAll(
                        Files.readString(file, StandardCharsets.UTF_8), file.toString(), "Linux/UNIX"));
            }
        }
    }

    private static void collect(ParseResult result) {
        result.accepted().stream()
                .map(PriceItem::value)
                .map(GpuPriceObservation.class::cast)
                .forEach(OFFERS::add);
        result.unknownRegions().forEach((region, n) -> UNKNOWN_COUNTED.merge(region, n, Long::sum));
        METRICS.parsed(result);
    }

    private static String key(GpuPriceObservation o) {
        return o.getProvider() + "/" + o.getRegion();
    }

    @Test
    void everyOfferOfAKnownRegionCarriesItsCountryAndJurisdiction() {
        assertThat(OFFERS).hasSizeGreaterThan(5000);
        for (GpuPriceObservation o : OFFERS) {
            if (LEFT_UNKNOWN.contains(key(o))) {
                assertThat(o.getComplianceTags()).as("tags of %s", key(o)).isEmpty();
                continue;
            }
            List<String> tags = o.getComplianceTags();
            assertThat(tags)
                    .as("tags of %s", key(o))
                    .isNotEmpty()
                    .anyMatch(t ->
                            t.length() == 2 && Set.of(Locale.getISOCountries()).contains(t.toUpperCase(Locale.ROOT)));
            boolean inEu = isEuByTheTest(o);
            assertThat(tags.contains("eu")).as("eu tag of %s", key(o)).isEqualTo(inEu);
            if (inEu) {
                assertThat(tags).as("tags of %s", key(o)).contains("eea", "gdpr");
            }
        }
    }

    @Test
    void anEuRequirementOnlyEverPicksOffersInTheEu() {
        // What a route requiring "eu" chooses: the cheapest offer with the tag, per GPU model and pricing model.
        Map<String, GpuPriceObservation> cheapestEu = OFFERS.stream()
                .filter(o -> o.getComplianceTags().contains("eu"))
                .collect(Collectors.toMap(
                        o -> o.getGpuModel() + " " + o.getPricingModel(),
                        o -> o,
                        (a, b) -> a.getUsdPerGpuHour() <= b.getUsdPerGpuHour() ? a : b));
        assertThat(cheapestEu).as("EU offers exist in the data").hasSizeGreaterThan(10);
        cheapestEu.forEach((route, chosen) -> assertThat(isEuByTheTest(chosen))
                .as("%s chose %s", route, chosen.getOfferId())
                .isTrue());

        Set<String> tagged = OFFERS.stream()
                .filter(o -> o.getComplianceTags().contains("eu"))
                .map(GpuPriceObservation::getOfferId)
                .collect(Collectors.toSet());
        Set<String> euByTheTest = OFFERS.stream()
                .filter(ResidencyOnRealCatalogsTest::isEuByTheTest)
                .map(GpuPriceObservation::getOfferId)
                .collect(Collectors.toSet());
        assertThat(tagged).isEqualTo(euByTheTest);
    }

    @Test
    void unknownRegionsGiveNoTagsAndAreCounted() {
        Map<String, Long> expected = new TreeMap<>();
        OFFERS.stream()
                .filter(o -> o.getComplianceTags().isEmpty())
                .forEach(o -> expected.merge(key(o), 1L, Long::sum));
        assertThat(expected.keySet())
                .as("offers without tags")
                .isSubsetOf(LEFT_UNKNOWN)
                .contains("hyperbolic/default");
        assertThat(UNKNOWN_COUNTED).isEqualTo(expected);
        assertThat(METRICS.unknownRegions()).isEqualTo(expected);
        assertThat(METRICS.unknownRegion())
                .isEqualTo(expected.values().stream().mapToLong(Long::longValue).sum());
    }

    /** The test's own placement: hand-written EU regions, or the country the catalog's region text names. */
    private static boolean isEuByTheTest(GpuPriceObservation o) {
        String provider = o.getProvider();
        if (provider.equals("aws") && o.getZone() != null && o.getZone().contains("-az")) {
            // Spot history zone ids: the EU ones start euc1, eun1, eus1, euw1 and euw3 (euw2 is London).
            return Set.of("euc1", "eun1", "eus1", "euw1", "euw3")
                    .contains(o.getZone().split("-")[0]);
        }
        Set<String> byHand = EU_REGIONS_BY_HAND.get(provider);
        if (byHand != null) {
            return byHand.contains(o.getRegion());
        }
        String raw = RAW_REGION.get(key(o));
        assertThat(raw).as("raw region of %s", key(o)).isNotNull();
        return switch (provider) {
            case "runpod", "primeintellect" -> EU27.contains(raw.trim());
            case "vast" -> EU27.contains(raw.split(",")[1].trim()); // "Name, CC, Continent"
            case "simplepod" ->
                EU27.contains(raw.substring(raw.lastIndexOf('-') + 1).trim()); // "Europe-EE"
            case "shadeform", "fluidstack" ->
                Stream.of(raw.toLowerCase(Locale.ROOT).split("[-_]")).anyMatch(EU27_NAMES::contains);
            default -> throw new AssertionError("the test does not place provider " + provider);
        };
    }
}
