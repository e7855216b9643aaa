package dev.gpuarb.connectors.awsspot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gpuarb.connectors.awsspot.Ec2SpotHistoryFixtureServer.Event;
import dev.gpuarb.connectors.core.KeyedChangeFilterTest;
import dev.gpuarb.connectors.core.PollingSourceTask;
import dev.gpuarb.connectors.core.TaskHarness;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** API mode through the real AWS SDK client against a loopback EC2 Query API. */
class AwsSpotApiTest {

    private static final String LINUX = "Linux/UNIX";

    private Ec2SpotHistoryFixtureServer ec2;
    private Instant now;

    /** The SDK's default credential chain reads these first; the fixture does not check signatures. */
    @BeforeAll
    static void fixtureCredentials() {
        System.setProperty("aws.accessKeyId", "fixture-access-key");
        System.setProperty("aws.secretAccessKey", "fixture-secret-key");
    }

    @AfterAll
    static void clearCredentials() {
        System.clearProperty("aws.accessKeyId");
        System.clearProperty("aws.secretAccessKey");
    }

    @BeforeEach
    void start() throws Exception {
        ec2 = new Ec2SpotHistoryFixtureServer();
        now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    }

    @AfterEach
    void stop() {
        ec2.close();
    }

    private Map<String, String> props() {
        Map<String, String> props = new HashMap<>();
        props.put(AwsSpotConfig.MODE, AwsSpotConfig.MODE_API);
        props.put(AwsSpotConfig.REGIONS, "us-east-1");
        props.put(AwsSpotConfig.ENDPOINT_OVERRIDE, ec2.endpoint());
        props.put(AwsSpotConfig.PAGE_SIZE, "5");
        props.put("poll.interval.ms", "0");
        return props;
    }

    private Instant ago(int minutes) {
        return now.minus(minutes, ChronoUnit.MINUTES);
    }

    /** Eleven events over two GPU offers, four of them at one timestamp, plus rows to skip. */
    private void history() {
        ec2.add(
                new Event("us-east-1a", "p5.48xlarge", LINUX, "31.000000", ago(500)), // in effect at the window start
                new Event("us-east-1a", "p5.48xlarge", LINUX, "30.500000", ago(120)),
                new Event("us-east-1b", "g6.xlarge", LINUX, "0.410000", ago(120)),
                new Event("us-east-1c", "g6.xlarge", LINUX, "0.420000", ago(120)),
                new Event("us-east-1d", "g6.xlarge", LINUX, "0.430000", ago(120)),
                new Event("us-east-1a", "m5.large", LINUX, "0.050000", ago(90)),
                new Event("us-east-1a", "p5.48xlarge", "Windows", "40.000000", ago(90)),
                new Event("us-east-1a", "p5.48xlarge", LINUX, "30.100000", ago(60)),
                new Event("us-east-1b", "g6.xlarge", LINUX, "0.400000", ago(30)),
                new Event("us-east-1a", "p5.48xlarge", LINUX, "29.900000", ago(10)),
                new Event("us-east-1b", "g6.xlarge", LINUX, "0.390000", ago(10)));
    }

    private static String identity(SourceRecord r) {
        Struct v = (Struct) r.value();
        return r.key() + "@" + ((java.util.Date) v.get("observedAt")).toInstant() + "=" + v.getFloat64("usdPerHour");
    }

    @Test
    void readsTheWindowPageByPageThenOnlyWhatIsNew() throws Exception {
        history();
        ec2.failNext(1);
        TaskHarness harness = new TaskHarness(AwsSpotSourceTask::new, props());
        harness.start();

        List<SourceRecord> first = harness.poll();
        assertThat(first).extracting(SourceRecord::topic).containsOnly("prices.gpu");
        assertThat(first)
                .extracting(AwsSpotApiTest::identity)
                .containsExactly(
                        "aws|us-east-1|us-east-1a|p5.48xlarge|SPOT@" + ago(500) + "=31.0",
                        "aws|us-east-1|us-east-1a|p5.48xlarge|SPOT@" + ago(120) + "=30.5",
                        "aws|us-east-1|us-east-1b|g6.xlarge|SPOT@" + ago(120) + "=0.41",
                        "aws|us-east-1|us-east-1c|g6.xlarge|SPOT@" + ago(120) + "=0.42",
                        "aws|us-east-1|us-east-1d|g6.xlarge|SPOT@" + ago(120) + "=0.43",
                        "aws|us-east-1|us-east-1a|p5.48xlarge|SPOT@" + ago(60) + "=30.1",
                        "aws|us-east-1|us-east-1b|g6.xlarge|SPOT@" + ago(30) + "=0.4",
                        "aws|us-east-1|us-east-1a|p5.48xlarge|SPOT@" + ago(10) + "=29.9",
                        "aws|us-east-1|us-east-1b|g6.xlarge|SPOT@" + ago(10) + "=0.39");
        assertThat(((Struct) first.get(0).value()).getString("source")).isEqualTo("aws-spot-api");
        PollingSourceTask task = (PollingSourceTask) harness.task();
        assertThat(task.metrics().skipped(SpotPriceMapper.SKIPPED_NOT_GPU)).isEqualTo(1);
        assertThat(task.metrics().skipped(SpotPriceMapper.SKIPPED_OTHER_PRODUCT))
                .isEqualTo(1);

        List<Map<String, String>> requests = ec2.requests();
        assertThat(requests).as("a 503, then three pages of at most 5").hasSize(4);
        Map<String, String> request = requests.get(1);
        assertThat(request)
                .containsEntry("Action", "DescribeSpotPriceHistory")
                .containsEntry("MaxResults", "5")
                .containsEntry("ProductDescription.1", LINUX)
                .containsEntry("Filter.1.Name", "instance-type")
                .containsValue("p5.*")
                .containsValue("g6.*");
        assertThat(Instant.parse(request.get("StartTime"))).isBefore(ago(179));
        assertThat(requests.get(2)).containsEntry("NextToken", "5");

        // A late event at the cursor's own timestamp, and a newer one.
        ec2.add(
                new Event("us-east-1c", "g6.xlarge", LINUX, "0.380000", ago(10)),
                new Event("us-east-1a", "p5.48xlarge", LINUX, "29.700000", ago(5)));
        List<SourceRecord> second = harness.poll();
        assertThat(second)
                .extracting(AwsSpotApiTest::identity)
                .containsExactly(
                        "aws|us-east-1|us-east-1c|g6.xlarge|SPOT@" + ago(10) + "=0.38",
                        "aws|us-east-1|us-east-1a|p5.48xlarge|SPOT@" + ago(5) + "=29.7");
        assertThat(Instant.parse(ec2.requests().get(4).get("StartTime")))
                .as("starts at the cursor")
                .isEqualTo(ago(10));

        assertThat(harness.poll()).as("nothing new").isEmpty();
        harness.stop();
    }

    private static Instant validUntil(SourceRecord r) {
        return ((java.util.Date) ((Struct) r.value()).get("validUntil")).toInstant();
    }

    @Test
    void unchangedSpotPricesAreReconfirmedBeforeTheyExpire() throws Exception {
        history();
        Map<String, String> props = props();
        props.put("poll.interval.ms", "300000"); // the default: TTL 15 min, heartbeat 7.5 min
        KeyedChangeFilterTest.MutableClock clock = new KeyedChangeFilterTest.MutableClock(now);
        TaskHarness harness = new TaskHarness(AwsSpotSourceTask::new, props).withClock(clock);
        harness.start();

        List<SourceRecord> first = harness.poll();
        assertThat(first)
                .hasSize(9)
                .allSatisfy(r -> assertThat(validUntil(r)).isEqualTo(now.plus(Duration.ofMinutes(15))));

        clock.advance(Duration.ofMinutes(5));
        assertThat(harness.poll()).as("nothing new, no re-confirmation due yet").isEmpty();

        // One offer changes; the other three still have the price of their last change.
        ec2.add(new Event("us-east-1a", "p5.48xlarge", LINUX, "29.700000", ago(5)));
        clock.advance(Duration.ofMinutes(5));
        List<SourceRecord> second = harness.poll();

        assertThat(second)
                .extracting(AwsSpotApiTest::identity)
                .containsExactlyInAnyOrder(
                        "aws|us-east-1|us-east-1a|p5.48xlarge|SPOT@" + ago(5) + "=29.7",
                        "aws|us-east-1|us-east-1b|g6.xlarge|SPOT@" + ago(10) + "=0.39",
                        "aws|us-east-1|us-east-1c|g6.xlarge|SPOT@" + ago(120) + "=0.42",
                        "aws|us-east-1|us-east-1d|g6.xlarge|SPOT@" + ago(120) + "=0.43");
        // Re-sent at +10 min, before the first validUntil (+15 min); observedAt stays when each took effect.
        assertThat(second).allSatisfy(r -> assertThat(validUntil(r)).isEqualTo(now.plus(Duration.ofMinutes(25))));
        assertThat(((PollingSourceTask) harness.task()).metrics().reconfirmed()).isEqualTo(3);

        clock.advance(Duration.ofMinutes(5));
        assertThat(harness.poll()).as("confirmed 5 min ago").isEmpty();
        harness.stop();
    }

    @Test
    void aRestartResumesAtTheCursorWithoutDuplicatesOrGaps() throws Exception {
        history();
        TaskHarness harness = new TaskHarness(AwsSpotSourceTask::new, props());
        harness.start();
        List<SourceRecord> first = harness.poll();
        assertThat(first).hasSize(9);
        // Acknowledged up to the second of four records sharing one timestamp, then the worker died.
        harness.commit(first.subList(0, 3));
        harness.stop();

        harness.start();
        List<SourceRecord> resumed = harness.poll();
        assertThat(resumed)
                .extracting(AwsSpotApiTest::identity)
                .containsExactlyElementsOf(first.subList(3, 9).stream()
                        .map(AwsSpotApiTest::identity)
                        .toList());
        harness.commit(resumed);
        harness.stop();

        harness.start();
        assertThat(harness.poll()).as("everything was acknowledged").isEmpty();
        harness.stop();
    }

    @Test
    void aRegionFailingAfterAnotherWasReadLosesNothing() throws Exception {
        history();
        ec2.add(
                new Event("us-west-2a", "g6.xlarge", LINUX, "0.350000", ago(40)),
                new Event("us-west-2b", "p5.48xlarge", LINUX, "28.000000", ago(20)));
        ec2.failRegion("us-west-2", true);
        Map<String, String> props = props();
        props.put(AwsSpotConfig.REGIONS, "us-east-1,us-west-2");
        props.put("poll.backoff.initial.ms", "0");
        props.put("poll.backoff.max.ms", "0");
        TaskHarness harness = new TaskHarness(AwsSpotSourceTask::new, props);
        harness.start();

        assertThat(harness.poll())
                .as("us-east-1 was read, then us-west-2 failed")
                .isEmpty();
        PollingSourceTask task = (PollingSourceTask) harness.task();
        assertThat(task.metrics().pollFailures()).isEqualTo(1);

        ec2.failRegion("us-west-2", false);
        List<SourceRecord> next = harness.poll();
        assertThat(next)
                .extracting(AwsSpotApiTest::identity)
                .containsExactly(
                        "aws|us-east-1|us-east-1a|p5.48xlarge|SPOT@" + ago(500) + "=31.0",
                        "aws|us-east-1|us-east-1a|p5.48xlarge|SPOT@" + ago(120) + "=30.5",
                        "aws|us-east-1|us-east-1b|g6.xlarge|SPOT@" + ago(120) + "=0.41",
                        "aws|us-east-1|us-east-1c|g6.xlarge|SPOT@" + ago(120) + "=0.42",
                        "aws|us-east-1|us-east-1d|g6.xlarge|SPOT@" + ago(120) + "=0.43",
                        "aws|us-east-1|us-east-1a|p5.48xlarge|SPOT@" + ago(60) + "=30.1",
                        "aws|us-east-1|us-east-1b|g6.xlarge|SPOT@" + ago(30) + "=0.4",
                        "aws|us-east-1|us-east-1a|p5.48xlarge|SPOT@" + ago(10) + "=29.9",
                        "aws|us-east-1|us-east-1b|g6.xlarge|SPOT@" + ago(10) + "=0.39",
                        "aws|us-west-2|us-west-2a|g6.xlarge|SPOT@" + ago(40) + "=0.35",
                        "aws|us-west-2|us-west-2b|p5.48xlarge|SPOT@" + ago(20) + "=28.0");
        assertThat(harness.poll()).as("nothing new").isEmpty();
        harness.stop();
    }
}
