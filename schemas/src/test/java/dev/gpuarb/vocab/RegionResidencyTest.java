package dev.gpuarb.vocab;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RegionResidencyTest {

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @CsvSource({
        // The big clouds, from their published region lists.
        "aws, eu-central-1, de",
        "aws, eu-west-2, gb",
        "aws, eu-central-2, ch",
        "aws, sa-east-1, br",
        "aws, me-south-1, bh",
        "aws, us-gov-west-1, us",
        "gcp, europe-west4, nl",
        "gcp, europe-west6, ch",
        "gcp, me-west1, il",
        "gcp, asia-east1, tw",
        "azure, westeurope, nl",
        "azure, northeurope, ie",
        "azure, uksouth, gb",
        "azure, norwayeast, no",
        "azure, eastus2, us",
        // Resold cloud regions in token catalogs.
        "bedrock, eu-west-3, fr",
        "vertex_ai, europe-west1, be",
        // Catalogs that spell the country into the region (as Regions.normalise leaves it).
        "vast, hungary-hu-eu, hu",
        "vast, switzerland-ch-eu, ch",
        "vast, cn-as, cn",
        "vast, t-rkiye-tr-as, tr",
        // Vast's live offer search: no continent after the code.
        "vast, texas-us, us",
        "vast, the-netherlands-nl, nl",
        "vast, us, us",
        "vast, riyadh-sa, sa",
        "runpod, cz, cz",
        "primeintellect, gb, gb",
        "cudo, no-kristiansand-1, no",
        "seeweb, it-mi2, it",
        "mithril, us-central1-b, us",
        "simplepod, north-america-ca, ca",
        "simplepod, europe-ee, ee",
        "fluidstack, north-dakota-usa, us",
        "fluidstack, finland, fi",
        "shadeform, london-uk-1, gb",
        "shadeform, frankfurt-germany-4, de",
        "nebius, eu-north1, fi",
        "lambda, europe-central-1, de",
        "simneo, eu-north, se"
    })
    void findsTheCountryOfARegion(String provider, String region, String country) {
        assertThat(RegionResidency.of(provider, region))
                .get()
                .extracting(Residency::country)
                .isEqualTo(country);
    }

    @Test
    void theSameCodeIsReadThroughItsProvider() {
        // sa-east-1 is Sao Paulo at AWS; read as a leading country code it would be Saudi Arabia.
        assertThat(RegionResidency.of("aws", "sa-east-1").orElseThrow().country())
                .isEqualTo("br");
        assertThat(RegionResidency.of("cudo", "sa-east-1").orElseThrow().country())
                .isEqualTo("sa");
    }

    @Test
    void euTagsFollowTheCountryNotTheContinentTheSourceNames() {
        // Vast writes EU (Europe) after Iceland and Switzerland; neither is in the European Union.
        assertThat(RegionResidency.tagsOf("vast", "iceland-is-eu"))
                .contains("eea", "gdpr")
                .doesNotContain("eu");
        assertThat(RegionResidency.tagsOf("vast", "switzerland-ch-eu")).containsExactly("ch");
        assertThat(RegionResidency.tagsOf("vast", "germany-de-eu")).contains("eu", "eea", "gdpr", "de");
    }

    @Test
    void unknownProvidersAndRegionsHaveNoResidency() {
        assertThat(RegionResidency.of("hyperbolic", "default")).isEmpty();
        assertThat(RegionResidency.of("aws", "moon-base-1")).isEmpty();
        assertThat(RegionResidency.of("lambda", "europe-south-1"))
                .as("country not confirmed: left unknown")
                .isEmpty();
        assertThat(RegionResidency.of("someone", "de"))
                .as("no reader for the provider")
                .isEmpty();
        assertThat(RegionResidency.tagsOf("aws", null)).isEmpty();
    }

    @Test
    void areasAreUnderstoodForAnyProvider() {
        assertThat(RegionResidency.tagsOf("azure", "eu")).containsExactlyInAnyOrder("eu", "eea", "gdpr");
        assertThat(RegionResidency.tagsOf("bedrock", "apac")).containsExactly("apac");
        assertThat(RegionResidency.tagsOf("azure", "global")).isEmpty();
    }

    @Test
    void awsRegionsOfEveryContinentAreListed() {
        for (String region :
                new String[] {"us-east-1", "eu-south-2", "ap-southeast-7", "il-central-1", "cn-northwest-1"}) {
            assertThat(Regions.isAwsRegion(region)).isTrue();
            assertThat(RegionResidency.of("aws", region)).as(region).isPresent();
        }
    }
}
