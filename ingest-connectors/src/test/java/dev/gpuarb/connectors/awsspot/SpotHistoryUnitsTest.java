package dev.gpuarb.connectors.awsspot;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** A dump that is still being appended to may end in a half-written line; it waits, it is not rejected. */
class SpotHistoryUnitsTest {

    private static final String ROW = "use1-az1\tp3.2xlarge\tLinux/UNIX\t0.918000\t2022-05-31T18:20:00+00:00\n";

    @Test
    void anUnterminatedLastLineWaitsWhileTheFileMayStillGrow() {
        String text = ROW + "use1-az2\tp3.2x";
        List<SpotHistoryUnits.Unit> growing = SpotHistoryUnits.cut(text, "f.tsv", "aws-spot-replay", false);
        assertThat(growing).hasSize(1);
        assertThat(growing.get(0).rejection()).isNull();

        List<SpotHistoryUnits.Unit> settled = SpotHistoryUnits.cut(text, "f.tsv", "aws-spot-replay", true);
        assertThat(settled).hasSize(2);
        assertThat(settled.get(1).rejection())
                .as("a truly truncated last line is rejected once settled")
                .isNotNull();
    }

    @Test
    void aTerminatedFileIsReadWhole() {
        assertThat(SpotHistoryUnits.cut(ROW + ROW, "f.tsv", "aws-spot-replay", false))
                .hasSize(2);
    }
}
