package dev.gpuarb.vocab;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JurisdictionsTest {

    @ParameterizedTest(name = "{0}: {1} [{2}]")
    @CsvSource({
        "DE, eu, de eu eea gdpr",
        "ie, eu, ie eu eea gdpr",
        "BG, eu, bg eu eea gdpr",
        "NO, eea, no eea gdpr",
        "IS, eea, is eea gdpr",
        "LI, eea, li eea gdpr",
        "GB, uk, gb uk gdpr",
        "CH, ch, ch",
        "US, us, us",
        "JP, jp, jp apac",
        "IN, in, in apac",
        "AU, au, au apac",
        "TR, tr, tr",
        "IL, il, il",
        "CA, ca, ca",
        "BR, br, br"
    })
    void givesEachCountryItsJurisdictionAndTags(String code, String jurisdiction, String tags) {
        Residency r = Jurisdictions.ofCountry(code).orElseThrow();
        assertThat(r.country()).isEqualTo(code.toLowerCase());
        assertThat(r.jurisdiction()).isEqualTo(jurisdiction);
        assertThat(r.tags()).containsExactlyInAnyOrder(tags.split(" "));
    }

    @Test
    void theEuHasTwentySevenMembersAndTheEeaThreeMore() {
        assertThat(Jurisdictions.EU_MEMBERS).hasSize(27).doesNotContain("gb", "ch", "no", "is", "li");
        assertThat(Jurisdictions.EEA_OUTSIDE_EU).containsExactlyInAnyOrder("is", "li", "no");
    }

    @Test
    void switzerlandIsNeitherEeaNorGdpr() {
        assertThat(Jurisdictions.ofCountry("ch").orElseThrow().tags()).doesNotContain("eu", "eea", "gdpr");
    }

    @Test
    void onlyIsoCountryCodesAreCountries() {
        assertThat(Jurisdictions.ofCountry("uk")).as("the UK's ISO code is GB").isEmpty();
        assertThat(Jurisdictions.ofCountry("eu")).isEmpty();
        assertThat(Jurisdictions.ofCountry("xx")).isEmpty();
        assertThat(Jurisdictions.ofCountry(null)).isEmpty();
    }

    @Test
    void areasGiveTheirTagsWithoutACountry() {
        Residency eu = Jurisdictions.ofArea("EU").orElseThrow();
        assertThat(eu.country()).isNull();
        assertThat(eu.tags()).containsExactlyInAnyOrder("eu", "eea", "gdpr");
        assertThat(Jurisdictions.ofArea("uk").orElseThrow().tags()).containsExactlyInAnyOrder("uk", "gdpr");
        assertThat(Jurisdictions.ofArea("global")).isEmpty();
    }

    @Test
    void tellsResidencyTagsFromOthers() {
        assertThat(Jurisdictions.isResidencyTag("EU")).isTrue();
        assertThat(Jurisdictions.isResidencyTag("de")).isTrue();
        assertThat(Jurisdictions.isResidencyTag("gdpr")).isTrue();
        assertThat(Jurisdictions.isResidencyTag("eu-residency")).isFalse();
        assertThat(Jurisdictions.isResidencyTag("soc2")).isFalse();
        assertThat(Jurisdictions.hasResidency(List.of("batch", "free"))).isFalse();
        assertThat(Jurisdictions.hasResidency(List.of("batch", "fr"))).isTrue();
        assertThat(Jurisdictions.hasResidency(null)).isFalse();
    }
}
