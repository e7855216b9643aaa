package dev.gpuarb.streams.integration;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gpuarb.avro.GpuPriceObservation;
import dev.gpuarb.engines.kafka.EmbeddedKafkaBroker;
import dev.gpuarb.streams.config.AppConfig;
import dev.gpuarb.streams.config.StreamsApp;
import dev.gpuarb.testkit.Engines;
import dev.gpuarb.testkit.RealEngines;
import dev.gpuarb.topics.Topic;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * The routing application scaled out: two instances share its work (the route engine on four
 * partitions, by product), the one holding more of the engine's partitions is killed with SIGKILL
 * mid-stream, the other takes its tasks over; the route updates committed are exactly those of one
 * instance running alone on the same input.
 *
 * <p>Inputs are on one partition each and policies are decided before any price is sent, so each
 * engine partition reads its inputs in one order whatever the timing, and two runs compare record
 * for record. Each run gets a broker of its own (topic names are fixed by the catalog).
 */
@ExtendWith(RealEngines.class)
class RoutingTakeoverIT {

    private static final int ENGINE_PARTITIONS = 4;
    private static final Map<String, String> ROUTING_ONLY = Map.of(
            AppConfig.APPS, StreamsApp.ROUTING.id(), AppConfig.ROUTING_PARTITIONS, Integer.toString(ENGINE_PARTITIONS));

    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path dir;

    @Test
    void whenOneOfTwoInstancesIsKilledTheOtherTakesOverAndCommitsWhatOneInstanceCommits(Engines engines)
            throws Exception {
        Instant start = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(20));
        SyntheticReplay replay = SyntheticReplay.generate(20261205L, 450, start);
        List<GpuPriceObservation> firstHalf =
                replay.prices().subList(0, replay.prices().size() / 2);
        List<GpuPriceObservation> secondHalf = replay.prices()
                .subList(replay.prices().size() / 2, replay.prices().size());

        Map<String, List<String>> alone;
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start();
                ReplayRun run = new ReplayRun(
                        broker, engines.registryUrl(), workDir("alone"), "gpuarb-takeover-alone", ROUTING_ONLY, 1)) {
            run.app().start();
            run.sendPoliciesAndAwaitDecisions(replay.policies());
            run.sendPrices(replay.prices());
            run.awaitDrained();
            run.app().stop();
            alone = run.committedValuesByKey(Topic.ROUTE_UPDATES);
        }
        int aloneCount = alone.values().stream().mapToInt(List::size).sum();
        assertThat(alone).as("every route decided").hasSize(replay.policies().size());
        assertThat(aloneCount)
                .as("routes switched")
                .isGreaterThan(2 * replay.policies().size());

        String applicationId = "gpuarb-takeover-two";
        Map<String, List<String>> takenOver;
        int committedAtKill;
        Map<String, Integer> enginePartitionsBeforeKill;
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start();
                ReplayRun run =
                        new ReplayRun(broker, engines.registryUrl(), workDir("two"), applicationId, ROUTING_ONLY, 2);
                Admin admin = Admin.create(new HashMap<>(broker.clientProperties()))) {
            run.app(0).start();
            run.app(1).start();
            String group =
                    StreamsApp.ROUTING.applicationId(AppConfig.from(Map.of(AppConfig.APPLICATION_ID, applicationId)));
            enginePartitionsBeforeKill = awaitBothHoldWork(admin, group);
            run.sendPoliciesAndAwaitDecisions(replay.policies());
            run.sendPrices(firstHalf);
            int policies = replay.policies().size();
            run.awaitCommitted(Topic.ROUTE_UPDATES, policies + (aloneCount - policies) / 4);
            int victim = enginePartitionsBeforeKill.getOrDefault("instance-0", 0)
                            >= enginePartitionsBeforeKill.getOrDefault("instance-1", 0)
                    ? 0
                    : 1;
            run.app(victim).kill();
            committedAtKill = run.committedCount(Topic.ROUTE_UPDATES);
            run.sendPrices(secondHalf);
            run.awaitDrained();
            assertThat(run.app(1 - victim).isAlive())
                    .as("the surviving instance")
                    .isTrue();
            run.app(1 - victim).stop();
            takenOver = run.committedValuesByKey(Topic.ROUTE_UPDATES);
        }
        System.out.printf(
                "routing takeover: engine partitions per instance before the kill %s; %d route updates committed"
                        + " at the kill, %d in all (alone: %d)%n",
                enginePartitionsBeforeKill,
                committedAtKill,
                takenOver.values().stream().mapToInt(List::size).sum(),
                aloneCount);

        assertThat(enginePartitionsBeforeKill.values())
                .as("both instances held route engine partitions")
                .hasSize(2)
                .allSatisfy(n -> assertThat(n).isPositive());
        assertThat(committedAtKill).as("killed mid-stream").isLessThan(aloneCount);
        assertThat(takenOver)
                .withFailMessage(() -> "route updates after the takeover differ from one instance alone:\n"
                        + OutputDiff.describe(alone, takenOver))
                .isEqualTo(alone);
    }

    /**
     * Waits until the group has two members and the route engine's partitions are spread over both;
     * returns, per instance (client id prefix), how many partitions of the engine's offers topic it holds.
     */
    private static Map<String, Integer> awaitBothHoldWork(Admin admin, String group) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        Map<String, Integer> held = Map.of();
        while (System.nanoTime() < deadline) {
            ConsumerGroupDescription description;
            try {
                description = admin.describeConsumerGroups(List.of(group))
                        .all()
                        .get(30, TimeUnit.SECONDS)
                        .get(group);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof GroupIdNotFoundException)) {
                    throw e;
                }
                Thread.sleep(500); // the instances have not joined yet
                continue;
            }
            held = new HashMap<>();
            for (MemberDescription member : description.members()) {
                String instance = member.clientId().startsWith("instance-0") ? "instance-0" : "instance-1";
                int engine = (int) member.assignment().topicPartitions().stream()
                        .filter(tp -> tp.topic().endsWith("route-offers-repartition"))
                        .count();
                held.merge(instance, engine, Integer::sum);
            }
            if (held.size() == 2
                    && held.values().stream().allMatch(n -> n > 0)
                    && held.values().stream().mapToInt(Integer::intValue).sum() == ENGINE_PARTITIONS) {
                return held;
            }
            Thread.sleep(500);
        }
        return held; // the caller's assertion says what was seen
    }

    private Path workDir(String name) throws Exception {
        return Files.createDirectories(dir.resolve(name));
    }
}
