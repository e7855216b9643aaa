package dev.gpuarb.connectors.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gpuarb.connectors.skypilot.SkyPilotCatalogSourceTask;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Offer liveness through a whole task on a clock the test moves: validUntil on every price, re-sends
 * before it passes, and withdrawals (a catalog file stands in for every snapshot source).
 */
class LivenessTaskTest {

    private static final String HEADER = "InstanceType,AcceleratorName,AcceleratorCount,vCPUs,MemoryGiB,Price,Region\n";
    private static final String H100 = "gpu_1x_h100,H100,1,26,200,2.49,us-east-1\n";
    private static final String A10 = "gpu_1x_a10,A10,1,30,200,0.75,us-east-1\n";
    private static final String BAD = "gpu_1x_zorp,Zorp1,1,4,16,0.5,us-east-1\n";
    private static final String H100_KEY = "lambda|us-east-1||gpu_1x_h100|ON_DEMAND";
    private static final String A10_KEY = "lambda|us-east-1||gpu_1x_a10|ON_DEMAND";
    /** Polls every 10 min: the TTL is 30 min and the heartbeat 15 min. */
    private static final Duration POLL = Duration.ofMinutes(10);

    private static final Duration TTL = Duration.ofMinutes(30);
    private static final Instant T0 = Instant.parse("2026-03-01T00:00:00Z");

    @TempDir
    Path dir;

    private Path catalog;
    private final KeyedChangeFilterTest.MutableClock clock = new KeyedChangeFilterTest.MutableClock(T0);
    private TaskHarness harness;

    @BeforeEach
    void start() throws Exception {
        catalog = dir.resolve("lambda-vms.csv");
        Files.writeString(catalog, HEADER + H100 + A10 + BAD);
        harness = new TaskHarness(
                        SkyPilotCatalogSourceTask::new,
                        Map.of(
                                "catalog.locations",
                                catalog.toString(),
                                "poll.interval.ms",
                                Long.toString(POLL.toMillis()),
                                "poll.backoff.initial.ms",
                                "0",
                                "poll.backoff.max.ms",
                                "0"))
                .withClock(clock);
        harness.start();
    }

    private static boolean isPrice(SourceRecord r) {
        return r.topic().equals("prices.gpu");
    }

    private static Struct value(SourceRecord r) {
        return (Struct) r.value();
    }

    private static Instant validUntil(SourceRecord r) {
        Date at = (Date) value(r).get("validUntil");
        return at == null ? null : at.toInstant();
    }

    private List<SourceRecord> pollAfter(Duration wait) throws InterruptedException {
        clock.advance(wait);
        return harness.poll();
    }

    @Test
    void everyPriceLeavesValidUntilItsSendTimePlusTheTtl() throws Exception {
        List<SourceRecord> first = harness.poll();

        assertThat(first)
                .filteredOn(LivenessTaskTest::isPrice)
                .extracting(SourceRecord::key)
                .containsExactlyInAnyOrder(H100_KEY, A10_KEY);
        assertThat(first)
                .filteredOn(LivenessTaskTest::isPrice)
                .allSatisfy(r -> assertThat(validUntil(r)).isEqualTo(Instant.parse("2026-03-01T00:30:00Z")));
        assertThat(first)
                .filteredOn(r -> !isPrice(r))
                .extracting(SourceRecord::topic)
                .containsExactly("prices.rejected");
        harness.stop();
    }

    @Test
    void anUnchangedPriceIsSentAgainBeforeItExpiresWithAFreshValidUntil() throws Exception {
        harness.poll();
        assertThat(pollAfter(POLL))
                .as("10 min: the 15 min heartbeat is not due")
                .isEmpty();

        List<SourceRecord> again = pollAfter(POLL);

        // Sent at 00:20, before the first validUntil (00:30), and valid until 00:50.
        assertThat(again).extracting(SourceRecord::key).containsExactlyInAnyOrder(H100_KEY, A10_KEY);
        assertThat(again).allSatisfy(r -> assertThat(validUntil(r)).isEqualTo(Instant.parse("2026-03-01T00:50:00Z")));
        assertThat(((PollingSourceTask) harness.task()).metrics().reconfirmed()).isEqualTo(2);
        assertThat(pollAfter(POLL))
                .as("the rejection is not repeated, the prices not yet due")
                .isEmpty();
        harness.stop();
    }

    @Test
    void anOfferThatLeavesTheListingIsWithdrawnOnceButNotOnAFailedPoll() throws Exception {
        harness.poll();
        Files.delete(catalog);
        assertThat(pollAfter(POLL)).as("the catalog cannot be read").isEmpty();
        assertThat(((PollingSourceTask) harness.task()).metrics().pollFailures())
                .isEqualTo(1);

        // The A10 is gone, and so is the bad row (a rejection, never withdrawn).
        Files.writeString(catalog, HEADER + H100);
        List<SourceRecord> gone = pollAfter(Duration.ofMinutes(1));

        assertThat(gone).singleElement().satisfies(r -> {
            assertThat(r.key()).isEqualTo(A10_KEY);
            assertThat(value(r).getBoolean("withdrawn")).isTrue();
            assertThat(value(r).getFloat64("usdPerHour")).isEqualTo(0.75);
            assertThat(((Date) value(r).get("observedAt")).toInstant())
                    .isEqualTo(Instant.parse("2026-03-01T00:11:00Z"));
            assertThat(validUntil(r)).isNull();
        });
        assertThat(((PollingSourceTask) harness.task()).metrics().withdrawn()).isEqualTo(1);
        // 00:21: the A10 is not withdrawn again; the H100 (sent at 00:00) is due for its heartbeat.
        assertThat(pollAfter(POLL)).extracting(SourceRecord::key).containsExactly(H100_KEY);

        Files.writeString(catalog, HEADER + H100 + A10);
        List<SourceRecord> back = pollAfter(POLL);
        assertThat(back).singleElement().satisfies(r -> {
            assertThat(r.key()).isEqualTo(A10_KEY);
            assertThat(value(r).getBoolean("withdrawn")).isFalse();
            assertThat(validUntil(r)).isEqualTo(Instant.parse("2026-03-01T01:01:00Z"));
        });
        harness.stop();
    }
}
