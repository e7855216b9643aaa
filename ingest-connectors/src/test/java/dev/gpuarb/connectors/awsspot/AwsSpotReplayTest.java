package dev.gpuarb.connectors.awsspot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gpuarb.connectors.core.FixtureHttpServer;
import dev.gpuarb.connectors.core.FixtureHttpServer.Reply;
import dev.gpuarb.connectors.core.KeyedChangeFilterTest;
import dev.gpuarb.connectors.core.PollingSourceTask;
import dev.gpuarb.connectors.core.TaskHarness;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AwsSpotReplayTest {

    @TempDir
    Path dir;

    /** 40 price changes over 4 offers, with repeats of unchanged prices and non-GPU / other-OS rows. */
    private static String history() {
        StringBuilder tsv = new StringBuilder();
        String[] zones = {"use1-az1", "usw2-az2"};
        String[] types = {"p5.48xlarge", "g6.xlarge"};
        for (int minute = 0; minute < 10; minute++) {
            String ts = String.format("2026-03-01T10:%02d:00+00:00", minute);
            for (String zone : zones) {
                for (String type : types) {
                    double price = (type.startsWith("p5") ? 30 : 0.4) + minute * 0.01;
                    tsv.append(zone)
                            .append('\t')
                            .append(type)
                            .append("\tLinux/UNIX\t")
                            .append(String.format("%.4f", price))
                            .append('\t')
                            .append(ts)
                            .append('\n');
                    // an unchanged repeat, which must not be re-sent
                    tsv.append(zone)
                            .append('\t')
                            .append(type)
                            .append("\tLinux/UNIX\t")
                            .append(String.format("%.4f", price))
                            .append('\t')
                            .append(ts)
                            .append('\n');
                }
                tsv.append(zone)
                        .append("\tm5.large\tLinux/UNIX\t0.05\t")
                        .append(ts)
                        .append('\n');
                tsv.append(zone)
                        .append("\tp5.48xlarge\tWindows\t40.0\t")
                        .append(ts)
                        .append('\n');
            }
        }
        return tsv.toString();
    }

    private Map<String, String> props(Path file, int batch) {
        return Map.of(
                AwsSpotConfig.MODE,
                "replay",
                AwsSpotConfig.REPLAY_LOCATIONS,
                file.toString(),
                AwsSpotConfig.REPLAY_BATCH_SIZE,
                Integer.toString(batch),
                "poll.interval.ms",
                "0");
    }

    private static String identity(SourceRecord r) {
        Struct v = (Struct) r.value();
        return r.key() + "@" + v.get("observedAt") + "=" + v.getFloat64("usdPerHour");
    }

    /** Every price record of one poll of the whole history, loaded at 2026-03-02T00:00Z. */
    private List<SourceRecord> replayedPrices(Map<String, String> extra) throws Exception {
        Path file = dir.resolve("history.tsv");
        Files.writeString(file, history());
        Map<String, String> props = new HashMap<>(props(file, 5000));
        props.put("poll.interval.ms", "300000"); // live prices would get a 15 min TTL
        props.putAll(extra);
        TaskHarness harness = new TaskHarness(AwsSpotSourceTask::new, props)
                .withClock(new KeyedChangeFilterTest.MutableClock(Instant.parse("2026-03-02T00:00:00Z")));
        harness.start();
        List<SourceRecord> prices = harness.poll().stream()
                .filter(r -> r.topic().equals("prices.gpu"))
                .toList();
        harness.stop();
        return prices;
    }

    @Test
    void replayedHistoryNeverExpiresUnlessAsked() throws Exception {
        List<SourceRecord> history = replayedPrices(Map.of());
        assertThat(history)
                .hasSize(40)
                .allSatisfy(
                        r -> assertThat(((Struct) r.value()).get("validUntil")).isNull());

        List<SourceRecord> current = replayedPrices(Map.of(AwsSpotConfig.REPLAY_EXPIRE, "true"));
        assertThat(current)
                .hasSize(40)
                .allSatisfy(r -> assertThat(((Struct) r.value()).get("validUntil"))
                        .isEqualTo(java.util.Date.from(Instant.parse("2026-03-02T00:15:00Z"))));
    }

    @Test
    void replaysEveryChangeOnceAcrossRestarts() throws Exception {
        Path file = dir.resolve("history.tsv");
        Files.writeString(file, history());
        TaskHarness harness = new TaskHarness(AwsSpotSourceTask::new, props(file, 7));

        List<SourceRecord> delivered = new ArrayList<>();
        harness.start();
        for (int restart = 0; restart < 6; restart++) {
            List<SourceRecord> batch = harness.poll();
            List<SourceRecord> batch2 = harness.poll();
            delivered.addAll(batch);
            delivered.addAll(batch2);
            harness.commit(batch);
            harness.commit(batch2);
            harness.poll(); // read but never acknowledged: must come again after the restart
            harness.stop();
            harness.start();
        }
        List<SourceRecord> rest = harness.drain(100);
        delivered.addAll(rest);
        harness.stop();

        Set<String> distinct = new HashSet<>();
        List<String> duplicates = new ArrayList<>();
        for (SourceRecord r : delivered) {
            if (!distinct.add(identity(r))) {
                duplicates.add(identity(r));
            }
        }
        System.out.printf(
                "replay across 6 restarts: %d delivered, %d distinct, %d duplicates%n",
                delivered.size(), distinct.size(), duplicates.size());
        assertThat(duplicates).as("no duplicates").isEmpty();
        assertThat(distinct).as("no gaps: 10 changes x 4 offers").hasSize(40);
        assertThat(delivered).allSatisfy(r -> assertThat(r.topic()).isEqualTo("prices.gpu"));
    }

    @Test
    void readsTheJsonLayoutOfDescribeSpotPriceHistory() throws Exception {
        Path file = dir.resolve("history.json");
        Files.writeString(file, """
                {"SpotPriceHistory": [
                  {"AvailabilityZone": "us-east-1a", "InstanceType": "p4d.24xlarge", "ProductDescription": "Linux/UNIX",
                   "SpotPrice": "9.830000", "Timestamp": "2026-03-01T10:00:00+00:00"},
                  {"AvailabilityZone": "us-east-1a", "InstanceType": "p4d.24xlarge", "ProductDescription": "Linux/UNIX",
                   "SpotPrice": "oops", "Timestamp": "2026-03-01T10:05:00+00:00"},
                  {"AvailabilityZoneId": "euw3-az2", "InstanceType": "g5.12xlarge", "ProductDescription": "Linux/UNIX",
                   "SpotPrice": "2.1", "Timestamp": "2026-03-01T10:00:00.000Z"}
                ], "NextToken": ""}
                """);
        TaskHarness harness = new TaskHarness(AwsSpotSourceTask::new, props(file, 100));
        harness.start();
        List<SourceRecord> records = harness.poll();
        assertThat(records)
                .extracting(SourceRecord::topic)
                .containsExactly("prices.gpu", "prices.rejected", "prices.gpu");
        Struct p4d = (Struct) records.get(0).value();
        assertThat(p4d.getString("region")).isEqualTo("us-east-1");
        assertThat(p4d.getString("gpuModel")).isEqualTo("A100-40GB");
        assertThat(p4d.getFloat64("usdPerGpuHour")).isCloseTo(9.83 / 8, org.assertj.core.data.Offset.offset(1e-9));
        Struct g5 = (Struct) records.get(2).value();
        assertThat(g5.getString("region")).isEqualTo("eu-west-3");
        assertThat(g5.getString("zone")).isEqualTo("euw3-az2");
        assertThat(((Struct) records.get(1).value()).getString("location")).endsWith("#SpotPriceHistory[1]");
        harness.stop();
    }

    @Test
    void replayFilesAreSplitAcrossTasks() {
        AwsSpotSourceConnector connector = new AwsSpotSourceConnector();
        connector.start(Map.of(AwsSpotConfig.MODE, "replay", AwsSpotConfig.REPLAY_LOCATIONS, "a.tsv,b.tsv,c.tsv"));
        List<Map<String, String>> tasks = connector.taskConfigs(2);
        assertThat(tasks)
                .extracting(t -> t.get(AwsSpotConfig.REPLAY_LOCATIONS))
                .containsExactly("a.tsv,c.tsv", "b.tsv");
    }

    @Test
    void aFileFailingAfterAnotherWasReadLosesNothing() throws Exception {
        Path local = dir.resolve("local.tsv");
        Files.writeString(local, "use1-az1\tp5.48xlarge\tLinux/UNIX\t30.0000\t2026-03-01T10:00:00+00:00\n");
        String remoteRows = "usw2-az2\tg6.xlarge\tLinux/UNIX\t0.4000\t2026-03-01T10:00:00+00:00\n";
        try (FixtureHttpServer server = new FixtureHttpServer()) {
            // read at the start, refused once when looked at again for growth, then back
            server.on("/remote.tsv", Reply.ok(remoteRows), Reply.status(404), Reply.ok(remoteRows));
            Map<String, String> props = Map.of(
                    AwsSpotConfig.MODE,
                    "replay",
                    AwsSpotConfig.REPLAY_LOCATIONS,
                    local + "," + server.uri("/remote.tsv"),
                    "poll.interval.ms",
                    "0",
                    "poll.backoff.initial.ms",
                    "0",
                    "poll.backoff.max.ms",
                    "0");
            TaskHarness harness = new TaskHarness(AwsSpotSourceTask::new, props);
            harness.start();
            assertThat(harness.poll()).extracting(AwsSpotReplayTest::identity).hasSize(2);

            Files.writeString(
                    local,
                    "use1-az1\tp5.48xlarge\tLinux/UNIX\t29.5000\t2026-03-01T10:05:00+00:00\n",
                    StandardOpenOption.APPEND);
            assertThat(harness.poll())
                    .as("the local file's new row was read, then the remote file failed")
                    .isEmpty();
            assertThat(((PollingSourceTask) harness.task()).metrics().pollFailures())
                    .isEqualTo(1);

            List<SourceRecord> next = harness.poll();
            assertThat(next)
                    .extracting(r -> ((Struct) r.value()).getFloat64("usdPerHour"))
                    .containsExactly(29.5);
            assertThat(next.get(0).sourceOffset().get("position")).isEqualTo(2);
            assertThat(harness.poll()).isEmpty();
            harness.stop();
        }
    }
}
