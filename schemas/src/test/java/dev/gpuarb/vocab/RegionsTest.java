package dev.gpuarb.vocab;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RegionsTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "use1-az1, us-east-1", "usw2-az4, us-west-2", "euw3-az2, eu-west-3", "apne1-az4, ap-northeast-1",
        "sae1-az1, sa-east-1", "cac1-az2, ca-central-1", "eun1-az3, eu-north-1", "apse2-az1, ap-southeast-2",
        "aps1-az1, ap-south-1", "usgw1-az1, us-gov-west-1", "mes1-az1, me-south-1", "afs1-az2, af-south-1"
    })
    void decodesAwsZoneIds(String zoneId, String region) {
        assertThat(Regions.awsRegionOfZoneId(zoneId)).hasValue(region);
        assertThat(Regions.isAwsRegion(region)).isTrue();
    }

    @Test
    void rejectsTextThatIsNotAZoneId() {
        assertThat(Regions.awsRegionOfZoneId("us-east-1a")).isEmpty();
        assertThat(Regions.awsRegionOfZoneId("xx9-az1")).isEmpty();
        assertThat(Regions.awsRegionOfZoneId(null)).isEmpty();
    }

    @Test
    void zoneNamesAndIdsBothGiveTheRegion() {
        assertThat(Regions.awsRegionOfZone("us-east-1a")).hasValue("us-east-1");
        assertThat(Regions.awsRegionOfZone("use2-az3")).hasValue("us-east-2");
    }

    @Test
    void normalisesFreeFormLocations() {
        assertThat(Regions.normalise("Hungary, HU, EU")).hasValue("hungary-hu-eu");
        assertThat(Regions.normalise(", US, NA")).hasValue("us-na");
        assertThat(Regions.normalise("NORTH_DAKOTA_USA")).hasValue("north-dakota-usa");
        assertThat(Regions.normalise("eastus")).hasValue("eastus");
        assertThat(Regions.normalise("  ")).isEmpty();
    }
}
