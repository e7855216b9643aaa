package dev.gpuarb.vocab;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The country, jurisdiction and residency tags of a canonical region ({@link Regions}), per provider.
 *
 * <p>Region codes mean different places at different providers ({@code sa-east-1} is Brazil at AWS;
 * {@code me-west1} is Israel at Google), so the lookup always goes through the provider. The big
 * clouds have tables of their region codes; the smaller providers write a country into the region
 * text, each in its own way, and each has a reader for its way. Providers not listed, and regions a
 * table does not hold, have no residency: an offer from there carries no residency tags and never
 * meets a policy that requires one (fail closed). A region is listed only where its country is sure.
 *
 * <p>For token offers the region may be an area instead ({@code eu}, {@code us}, {@code apac},
 * {@code uk}: LiteLLM's Azure data-zone and Bedrock cross-region entries); those give the area's tags.
 */
public final class RegionResidency {

    private static final Map<String, String> AWS = countries(
            "us",
            "us-east-1 us-east-2 us-west-1 us-west-2 us-gov-east-1 us-gov-west-1",
            "ca",
            "ca-central-1 ca-west-1",
            "mx",
            "mx-central-1",
            "br",
            "sa-east-1",
            "ie",
            "eu-west-1",
            "gb",
            "eu-west-2",
            "fr",
            "eu-west-3",
            "de",
            "eu-central-1",
            "ch",
            "eu-central-2",
            "it",
            "eu-south-1",
            "es",
            "eu-south-2",
            "se",
            "eu-north-1",
            "il",
            "il-central-1",
            "bh",
            "me-south-1",
            "ae",
            "me-central-1",
            "za",
            "af-south-1",
            "hk",
            "ap-east-1",
            "tw",
            "ap-east-2",
            "in",
            "ap-south-1 ap-south-2",
            "sg",
            "ap-southeast-1",
            "au",
            "ap-southeast-2 ap-southeast-4",
            "id",
            "ap-southeast-3",
            "my",
            "ap-southeast-5",
            "th",
            "ap-southeast-7",
            "jp",
            "ap-northeast-1 ap-northeast-3",
            "kr",
            "ap-northeast-2",
            "cn",
            "cn-north-1 cn-northwest-1");

    private static final Map<String, String> GCP = countries(
            "us",
            "us-central1 us-east1 us-east4 us-east5 us-south1 us-west1 us-west2 us-west3 us-west4",
            "ca",
            "northamerica-northeast1 northamerica-northeast2",
            "mx",
            "northamerica-south1",
            "br",
            "southamerica-east1",
            "cl",
            "southamerica-west1",
            "be",
            "europe-west1",
            "gb",
            "europe-west2",
            "de",
            "europe-west3 europe-west10",
            "nl",
            "europe-west4",
            "ch",
            "europe-west6",
            "it",
            "europe-west8 europe-west12",
            "fr",
            "europe-west9",
            "pl",
            "europe-central2",
            "fi",
            "europe-north1",
            "se",
            "europe-north2",
            "es",
            "europe-southwest1",
            "il",
            "me-west1",
            "qa",
            "me-central1",
            "sa",
            "me-central2",
            "za",
            "africa-south1",
            "tw",
            "asia-east1",
            "hk",
            "asia-east2",
            "jp",
            "asia-northeast1 asia-northeast2",
            "kr",
            "asia-northeast3",
            "in",
            "asia-south1 asia-south2",
            "sg",
            "asia-southeast1",
            "id",
            "asia-southeast2",
            "au",
            "australia-southeast1 australia-southeast2");

    private static final Map<String, String> AZURE = countries(
            "us",
            "eastus eastus2 centralus northcentralus southcentralus westcentralus westus westus2 westus3 "
                    + "usgovvirginia usgovarizona usgovtexas",
            "ca",
            "canadacentral canadaeast",
            "mx",
            "mexicocentral",
            "br",
            "brazilsouth brazilsoutheast",
            "ie",
            "northeurope",
            "nl",
            "westeurope",
            "gb",
            "uksouth ukwest",
            "fr",
            "francecentral francesouth",
            "de",
            "germanywestcentral germanynorth",
            "ch",
            "switzerlandnorth switzerlandwest",
            "no",
            "norwayeast norwaywest",
            "se",
            "swedencentral swedensouth",
            "pl",
            "polandcentral",
            "it",
            "italynorth",
            "es",
            "spaincentral",
            "ae",
            "uaenorth uaecentral",
            "qa",
            "qatarcentral",
            "il",
            "israelcentral",
            "za",
            "southafricanorth southafricawest",
            "hk",
            "eastasia",
            "sg",
            "southeastasia",
            "jp",
            "japaneast japanwest",
            "kr",
            "koreacentral koreasouth",
            "in",
            "centralindia southindia westindia jioindiawest jioindiacentral",
            "au",
            "australiaeast australiasoutheast australiacentral australiacentral2",
            "nz",
            "newzealandnorth",
            "id",
            "indonesiacentral",
            "my",
            "malaysiawest");

    /**
     * Lambda's regions whose location is published; {@code asia-northeast-2} and {@code europe-south-1}
     * are left out until their country is confirmed.
     */
    private static final Map<String, String> LAMBDA = countries(
            "us",
            "us-east-1 us-east-2 us-east-3 us-midwest-1 us-south-1 us-south-2 us-south-3 us-west-1 us-west-2 us-west-3",
            "de",
            "europe-central-1",
            "jp",
            "asia-northeast-1",
            "in",
            "asia-south-1",
            "au",
            "australia-east-1",
            "il",
            "me-west-1");

    private static final Map<String, String> NEBIUS =
            countries("fi", "eu-north1", "fr", "eu-west1", "us", "us-central1");

    /** The simulator's made-up market uses AWS-style codes and two of its own. */
    private static final Map<String, String> SIMULATED = countries(
            "us",
            "us-east-1 us-west-2 us-central",
            "ie",
            "eu-west-1",
            "de",
            "eu-central-1",
            "se",
            "eu-north",
            "jp",
            "ap-northeast-1",
            "in",
            "ap-south-1");

    /** Country names (as slug words) that the free-form catalogs use. */
    private static final Map<String, String> COUNTRY_WORDS = Map.ofEntries(
            Map.entry("usa", "us"),
            Map.entry("uk", "gb"),
            Map.entry("canada", "ca"),
            Map.entry("germany", "de"),
            Map.entry("france", "fr"),
            Map.entry("finland", "fi"),
            Map.entry("sweden", "se"),
            Map.entry("norway", "no"),
            Map.entry("iceland", "is"),
            Map.entry("poland", "pl"),
            Map.entry("netherlands", "nl"),
            Map.entry("spain", "es"),
            Map.entry("italy", "it"),
            Map.entry("ireland", "ie"),
            Map.entry("switzerland", "ch"),
            Map.entry("india", "in"),
            Map.entry("japan", "jp"),
            Map.entry("singapore", "sg"),
            Map.entry("australia", "au"));

    /** Vast: {@code "Hungary, HU, EU"} becomes {@code hungary-hu-eu}: the country code, then a continent code. */
    private static final Pattern CODE_BEFORE_CONTINENT =
            Pattern.compile("(?:^|.*-)([a-z]{2})-(?:af|an|as|eu|na|oc|sa)");
    /**
     * Vast's live offer search writes the same place without the continent SkyPilot's catalog adds
     * ({@code "Texas, US"} becomes {@code texas-us}); a bare code ({@code us}) is the country alone.
     */
    private static final Pattern CODE_LAST = Pattern.compile("(?:.*-)?([a-z]{2})");

    private static final Pattern LEADING_CODE = Pattern.compile("([a-z]{2})-.+");
    private static final Pattern TRAILING_CODE = Pattern.compile(".+-([a-z]{2})");
    private static final Pattern WHOLE_CODE = Pattern.compile("([a-z]{2})");

    private static final Map<String, Function<String, Optional<String>>> COUNTRY_OF_REGION = readers();

    private RegionResidency() {}

    private static Map<String, Function<String, Optional<String>>> readers() {
        Map<String, Function<String, Optional<String>>> r = new HashMap<>();
        // Token providers that resell a cloud's regions use that cloud's codes.
        for (String p : List.of("aws", "bedrock", "bedrock_converse")) {
            r.put(p, table(AWS));
        }
        for (String p : List.of("azure", "azure_ai")) {
            r.put(p, table(AZURE));
        }
        for (String p : List.of("gcp", "vertex_ai")) {
            r.put(p, table(GCP));
        }
        r.put("lambda", table(LAMBDA));
        r.put("nebius", table(NEBIUS));
        for (String p : List.of("simcloud-a", "simcloud-b", "simneo", "simmarket")) {
            r.put(p, table(SIMULATED));
        }
        // The catalogs' own spellings (see SkyPilot's catalogs): a bare code, a code first, a code last,
        // a code before a continent, or a country name among the words.
        r.put("runpod", pattern(WHOLE_CODE));
        r.put("primeintellect", pattern(WHOLE_CODE));
        r.put("cudo", pattern(LEADING_CODE));
        r.put("seeweb", pattern(LEADING_CODE));
        r.put("mithril", pattern(LEADING_CODE));
        r.put("simplepod", pattern(TRAILING_CODE));
        r.put("vast", firstOf(pattern(CODE_BEFORE_CONTINENT), pattern(CODE_LAST)));
        r.put("fluidstack", RegionResidency::countryWord);
        r.put("shadeform", RegionResidency::countryWord);
        return Map.copyOf(r);
    }

    /**
     * The residency of a provider's region (both as canonical ids: lower case), or empty when the
     * provider or the region is not known here.
     */
    public static Optional<Residency> of(String provider, String region) {
        if (provider == null || region == null) {
            return Optional.empty();
        }
        String p = provider.trim().toLowerCase(Locale.ROOT);
        String r = region.trim().toLowerCase(Locale.ROOT);
        Function<String, Optional<String>> reader = COUNTRY_OF_REGION.get(p);
        Optional<Residency> country =
                reader == null ? Optional.empty() : reader.apply(r).flatMap(Jurisdictions::ofCountry);
        return country.isPresent() ? country : Jurisdictions.ofArea(r);
    }

    /** The residency tags of a provider's region; empty when its residency is unknown. */
    public static List<String> tagsOf(String provider, String region) {
        return of(provider, region).map(Residency::tags).orElse(List.of());
    }

    private static Function<String, Optional<String>> table(Map<String, String> countryByRegion) {
        return region -> Optional.ofNullable(countryByRegion.get(region));
    }

    private static Function<String, Optional<String>> pattern(Pattern p) {
        return region -> {
            Matcher m = p.matcher(region);
            return m.matches() ? Optional.of(m.group(1)) : Optional.empty();
        };
    }

    /** The first reader's answer, else the second's: for providers that spell one place two ways. */
    private static Function<String, Optional<String>> firstOf(
            Function<String, Optional<String>> first, Function<String, Optional<String>> second) {
        return region -> first.apply(region).or(() -> second.apply(region));
    }

    private static Optional<String> countryWord(String region) {
        for (String word : region.split("-")) {
            String code = COUNTRY_WORDS.get(word);
            if (code != null) {
                return Optional.of(code);
            }
        }
        return Optional.empty();
    }

    /** Alternating country code and space-separated region codes, as one region -> country map. */
    private static Map<String, String> countries(String... countryThenRegions) {
        Map<String, String> map = new HashMap<>();
        for (int i = 0; i < countryThenRegions.length; i += 2) {
            for (String region : countryThenRegions[i + 1].split(" ")) {
                if (map.put(region, countryThenRegions[i]) != null) {
                    throw new IllegalStateException("region listed twice: " + region);
                }
            }
        }
        return Map.copyOf(map);
    }
}
