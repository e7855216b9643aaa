package dev.gpuarb.connectors.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gpuarb.connectors.awsspot.AwsSpotConfig;
import dev.gpuarb.connectors.awsspot.AwsSpotSourceTask;
import dev.gpuarb.connectors.core.TaskHarness;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/**
 * AWS spot price history dumps (tab-separated and JSON), replayed from files, under malformed
 * documents; files also carry raw bytes that are not valid UTF-8.
 */
class AwsSpotReplayFuzzTest {

    static final String TSV = """
            use1-az1\tp5.48xlarge\tLinux/UNIX\t30.5000\t2026-03-01T10:00:00+00:00
            use1-az1\tg6.xlarge\tLinux/UNIX\t0.4100\t2026-03-01T10:00:00+00:00
            usw2-az2\tp5.48xlarge\tLinux/UNIX\t31.0000\t2026-03-01T10:05:00+00:00
            usw2-az2\tm5.large\tLinux/UNIX\t0.0500\t2026-03-01T10:05:00+00:00
            """;

    static final String JSON = """
            {"SpotPriceHistory": [
              {"AvailabilityZone": "us-east-1a", "InstanceType": "p5.48xlarge", "ProductDescription": "Linux/UNIX",
               "SpotPrice": "30.500000", "Timestamp": "2026-03-01T10:00:00+00:00"},
              {"AvailabilityZone": "us-west-2b", "InstanceType": "g6.xlarge", "ProductDescription": "Linux/UNIX",
               "SpotPrice": "0.410000", "Timestamp": "2026-03-01T10:05:00.000Z"}
            ]}""";

    private static Path dir;

    @BeforeAll
    static void makeDir() throws Exception {
        dir = Files.createTempDirectory("spot-fuzz");
    }

    @AfterAll
    static void removeDir() throws Exception {
        try (var files = Files.list(dir)) {
            for (Path f : files.toList()) {
                Files.delete(f);
            }
        }
        Files.delete(dir);
    }

    private static Gen<byte[]> tsvDumps() {
        return withRawBytes(Mutations.delimited(TSV, '\t'));
    }

    private static Gen<byte[]> jsonDumps() {
        return withRawBytes(Mutations.json(JSON));
    }

    /**
     * Most documents as UTF-8; some with bytes spliced in that no UTF-8 decoder accepts. A failing
     * dump is reported in hex, so that those bytes show.
     */
    private static Gen<byte[]> withRawBytes(Gen<String> docs) {
        Gen<byte[]> junk = Generate.pick(List.of(
                new byte[] {(byte) 0xC3},
                new byte[] {(byte) 0xFF, (byte) 0xFE},
                new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
                new byte[] {0},
                new byte[] {(byte) 0x80}));
        Gen<byte[]> utf8 = docs.map(d -> d.getBytes(StandardCharsets.UTF_8));
        Gen<byte[]> spliced = docs.zip(junk, Mutations.where(), (d, j, w) -> {
            byte[] text = d.getBytes(StandardCharsets.UTF_8);
            int at = (int) (w * text.length);
            byte[] out = new byte[text.length + j.length];
            System.arraycopy(text, 0, out, 0, at);
            System.arraycopy(j, 0, out, at, j.length);
            System.arraycopy(text, at, out, at + j.length, text.length - at);
            return out;
        });
        return utf8.mix(spliced).describedAs(HexFormat.of()::formatHex);
    }

    private static List<SourceRecord> replay(byte[] dump, String name) throws Exception {
        Path file = dir.resolve(name);
        Files.write(file, dump);
        TaskHarness harness = new TaskHarness(
                AwsSpotSourceTask::new,
                Map.of(
                        AwsSpotConfig.MODE,
                        "replay",
                        AwsSpotConfig.REPLAY_LOCATIONS,
                        file.toString(),
                        AwsSpotConfig.REPLAY_BATCH_SIZE,
                        "100",
                        "poll.interval.ms",
                        "0"));
        harness.start();
        return PollChecks.pollCleanly(harness, 3);
    }

    @Test
    void malformedTsvDumpsAreRejectedNeverThrown() {
        Theories.forAll(tsvDumps(), dump -> replay(dump, "history.tsv"));
    }

    @Test
    void malformedJsonDumpsAreRejectedNeverThrown() {
        Theories.forAll(jsonDumps(), dump -> {
            List<SourceRecord> records = replay(dump, "history.json");
            String text = new String(dump, StandardCharsets.UTF_8);
            if (PollChecks.notAJsonObject(text) && !text.stripLeading().startsWith("[")) {
                assertThat(PollChecks.rejections(records))
                        .as("rejections of a dump that is not JSON")
                        .isPositive();
            }
        });
    }
}
