package dev.gpuarb.streams.integration;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gpuarb.avro.GpuPriceObservation;
import dev.gpuarb.engines.kafka.EmbeddedKafkaBroker;
import dev.gpuarb.testkit.Engines;
import dev.gpuarb.testkit.RealEngines;
import dev.gpuarb.topics.Topic;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exactly-once v2 on a real broker and registry: the application, killed with SIGKILL five times
 * during a replay and restarted on the same state directory and application id, commits exactly what a
 * run without kills commits: same keys, same values, same order per key.
 *
 * <p>Each run gets a broker of its own. Topic names are fixed by the catalog, so two runs on one
 * broker would share their input and output topics; and the input is fed in stages (policies
 * first, then prices) that both runs must see alike. The registry is the shared one: both runs
 * register the same schemas.
 */
@ExtendWith(RealEngines.class)
class ExactlyOnceRecoveryIT {

    private static final List<Topic> COMPARED =
            List.of(Topic.REGIONAL_SPREADS, Topic.ROUTE_UPDATES, Topic.SPOT_BIDS, Topic.ARBITRAGE_ALERTS);
    /** Enough kills to hit the application in start-up, restoration and steady processing alike. */
    private static final int KILLS = 5;

    /** Kept when the test fails: it holds the application's log of each start. */
    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path dir;

    @Test
    void aRunKilledMidReplayCommitsWhatAnUninterruptedRunCommits(Engines engines) throws Exception {
        // 15 hours of prices that end (with the window-closing price) two hours before now.
        Instant start = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(20));
        SyntheticReplay replay = SyntheticReplay.generate(20240603L, 450, start);

        Map<Topic, Map<String, List<String>>> reference;
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start();
                ReplayRun run =
                        new ReplayRun(broker, engines.registryUrl(), workDir("reference"), "gpuarb-eos-reference")) {
            reference = uninterrupted(run, replay);
        }

        Map<Topic, Map<String, List<String>>> recovered;
        List<Integer> committedBidsAtKills = new ArrayList<>();
        int aborted;
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start();
                ReplayRun run = new ReplayRun(broker, engines.registryUrl(), workDir("killed"), "gpuarb-eos-killed")) {
            recovered = killedAndRestarted(run, replay, count(reference.get(Topic.SPOT_BIDS)), committedBidsAtKills);
            aborted = run.abortedCount(Topic.SPOT_BIDS);
        }

        keep(reference, "reference");
        keep(recovered, "killed");
        int referenceBids = count(reference.get(Topic.SPOT_BIDS));
        System.out.printf(
                "EOS kill test: %d prices, %d policies; reference committed %s; killed %d times at %s of %d bids;"
                        + " %d bid records left in aborted transactions; after kills committed %s%n",
                replay.prices().size(),
                replay.policies().size(),
                sizes(reference),
                KILLS,
                committedBidsAtKills,
                referenceBids,
                aborted,
                sizes(recovered));

        assertThat(reference.get(Topic.REGIONAL_SPREADS))
                .as("windows closed in the reference run")
                .isNotEmpty();
        assertThat(reference.get(Topic.ROUTE_UPDATES))
                .as("every route decided")
                .hasSize(replay.policies().size());
        assertThat(count(reference.get(Topic.ROUTE_UPDATES)))
                .as("routes switched")
                .isGreaterThan(replay.policies().size());
        assertThat(referenceBids).isPositive();
        assertThat(committedBidsAtKills)
                .as("each kill came before the replay was through")
                .hasSize(KILLS)
                .allSatisfy(n -> assertThat(n).isLessThan(referenceBids))
                .isSorted()
                .doesNotHaveDuplicates();
        assertThat(committedBidsAtKills.get(KILLS - 1))
                .as("kills spread over the replay, not bunched at its start")
                .isGreaterThan(referenceBids / 2);
        for (Topic topic : COMPARED) {
            assertThat(recovered.get(topic))
                    .withFailMessage(
                            () -> "committed " + topic.topicName() + " after kills differs from the reference:\n"
                                    + OutputDiff.describe(reference.get(topic), recovered.get(topic)))
                    .isEqualTo(reference.get(topic));
        }
    }

    private static Map<Topic, Map<String, List<String>>> uninterrupted(ReplayRun run, SyntheticReplay replay) {
        run.app().start();
        run.sendPoliciesAndAwaitDecisions(replay.policies());
        run.sendPrices(replay.prices());
        run.awaitDrained();
        run.app().stop();
        return committed(run);
    }

    /**
     * Prices go in in {@code KILLS + 1} parts. After each of the first parts the application is
     * killed once it has committed about as many bids as the reference run committed up to the
     * middle of that part, so it dies with work in flight at points spread over the whole replay;
     * the next part is sent while it is down, then it is restarted.
     */
    private static Map<Topic, Map<String, List<String>>> killedAndRestarted(
            ReplayRun run, SyntheticReplay replay, int referenceBids, List<Integer> committedBidsAtKills) {
        run.app().start();
        run.sendPoliciesAndAwaitDecisions(replay.policies());
        List<List<GpuPriceObservation>> parts = split(replay.prices(), KILLS + 1);
        for (int i = 0; i < parts.size(); i++) {
            int before = run.committedCount(Topic.SPOT_BIDS);
            run.sendPrices(parts.get(i));
            if (!run.app().isAlive()) {
                run.app().start();
            }
            if (i < KILLS) {
                int midPart = (int) ((long) referenceBids * (2 * i + 1) / (2 * (KILLS + 1)));
                run.awaitCommitted(Topic.SPOT_BIDS, Math.max(before + 1, midPart));
                run.app().kill();
                committedBidsAtKills.add(run.committedCount(Topic.SPOT_BIDS));
            }
        }
        run.awaitDrained();
        run.app().stop();
        return committed(run);
    }

    private static Map<Topic, Map<String, List<String>>> committed(ReplayRun run) {
        Map<Topic, Map<String, List<String>>> outputs = new LinkedHashMap<>();
        COMPARED.forEach(t -> outputs.put(t, run.committedValuesByKey(t)));
        return outputs;
    }

    private static <T> List<List<T>> split(List<T> all, int parts) {
        List<List<T>> result = new ArrayList<>();
        int size = (all.size() + parts - 1) / parts;
        for (int from = 0; from < all.size(); from += size) {
            result.add(all.subList(from, Math.min(all.size(), from + size)));
        }
        return result;
    }

    private static int count(Map<String, List<String>> byKey) {
        return byKey.values().stream().mapToInt(List::size).sum();
    }

    private static Map<String, Integer> sizes(Map<Topic, Map<String, List<String>>> outputs) {
        Map<String, Integer> sizes = new LinkedHashMap<>();
        outputs.forEach((t, byKey) -> sizes.put(t.topicName(), count(byKey)));
        return sizes;
    }

    /** Writes what a run committed next to its logs, for diagnosis when the test fails (the directory is then kept). */
    private void keep(Map<Topic, Map<String, List<String>>> outputs, String run) throws Exception {
        for (Map.Entry<Topic, Map<String, List<String>>> topic : outputs.entrySet()) {
            List<String> lines = new ArrayList<>();
            topic.getValue().forEach((key, values) -> values.forEach(v -> lines.add(key + "\t" + v)));
            Files.write(dir.resolve(run + "-" + topic.getKey().topicName() + ".txt"), lines);
        }
    }

    private Path workDir(String name) throws Exception {
        return Files.createDirectories(dir.resolve(name));
    }
}
