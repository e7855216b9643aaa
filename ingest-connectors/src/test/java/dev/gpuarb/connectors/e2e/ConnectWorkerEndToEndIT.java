package dev.gpuarb.connectors.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gpuarb.avro.GpuPriceObservation;
import dev.gpuarb.avro.RejectedRecord;
import dev.gpuarb.avro.TokenPriceObservation;
import dev.gpuarb.connectors.awsspot.AwsSpotConfig;
import dev.gpuarb.connectors.awsspot.AwsSpotSourceConnector;
import dev.gpuarb.connectors.awsspot.AwsSpotSourceTask;
import dev.gpuarb.connectors.litellm.LiteLlmConfig;
import dev.gpuarb.connectors.litellm.LiteLlmSourceConnector;
import dev.gpuarb.connectors.litellm.LiteLlmSourceTask;
import dev.gpuarb.connectors.skypilot.SkyPilotCatalogConfig;
import dev.gpuarb.connectors.skypilot.SkyPilotCatalogSourceConnector;
import dev.gpuarb.connectors.skypilot.SkyPilotCatalogSourceTask;
import dev.gpuarb.engines.connect.EmbeddedConnectWorker;
import dev.gpuarb.testkit.Engines;
import dev.gpuarb.testkit.RealEngines;
import dev.gpuarb.testkit.SharedData;
import dev.gpuarb.topics.Topic;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The connectors in a real Connect worker against a real KRaft broker and a real schema registry:
 * records land as Confluent wire-format Avro, and a worker restart neither duplicates nor skips a
 * record. Every record is counted against the output of the same task run without a worker.
 */
@ExtendWith(RealEngines.class)
class ConnectWorkerEndToEndIT {

    private static final Duration AWAIT = Duration.ofSeconds(120);

    @TempDir
    Path dir;

    @Test
    void distributedExactlyOnceReplayResumesAcrossRestartWithoutDuplicatesOrGaps(Engines engines) throws Exception {
        List<String> lines =
                Files.readAllLines(SharedData.require("aws-spot").resolve("spot-price-history-2022-05-31.tsv"));
        int half = lines.size() / 2;
        List<String> firstHalf = new ArrayList<>(lines.subList(0, half));
        // Bad rows travel the same path and must land on the rejected topic exactly once too.
        firstHalf.add("use1-az1\tp3.2xlarge\tLinux/UNIX\t0.000000\t2022-05-31T19:00:00+00:00");
        firstHalf.add("use1-az1\tp3.2xlarge\tLinux/UNIX");
        Path history = dir.resolve("spot-history.tsv");
        Files.write(history, firstHalf);

        RunTopics topics = RunTopics.unique("e2e-eos");
        engines.kafka().createTopics(topics.newTopics());
        Map<String, String> connector = new HashMap<>(topics.connectorProps());
        connector.putAll(Map.of(
                "connector.class",
                AwsSpotSourceConnector.class.getName(),
                "tasks.max",
                "1",
                "exactly.once.support",
                "required",
                AwsSpotConfig.MODE,
                AwsSpotConfig.MODE_REPLAY,
                AwsSpotConfig.REPLAY_LOCATIONS,
                history.toString(),
                AwsSpotConfig.REPLAY_BATCH_SIZE,
                "50",
                "poll.interval.ms",
                "500"));

        Map<String, String> worker = workerOverrides(engines);
        worker.put("exactly.once.source.support", "enabled");
        TopicReader reader = new TopicReader(engines.kafka().clientProperties());
        String gpuTopic = topics.name(Topic.GPU_PRICES);
        try (EmbeddedConnectWorker connect = EmbeddedConnectWorker.start(
                EmbeddedConnectWorker.Config.distributed(engines.bootstrapServers(), topics.prefix(), worker))) {
            connect.putConnector("aws-replay", connector);
            connect.awaitRunning("aws-replay", 1, AWAIT);
            int beforeRestart = reader.awaitFirst(gpuTopic, AWAIT);

            // Mid-stream: the replay is still reading the first half, 50 rows (one transaction) per poll.
            connect.restart();
            System.out.printf("e2e: %d price records were on the topic when the worker restarted%n", beforeRestart);
            connect.awaitRunning("aws-replay", 1, AWAIT);
            Files.write(history, lines.subList(half, lines.size()), StandardOpenOption.APPEND);

            Map<String, String> offline = new HashMap<>(connector);
            offline.put(AwsSpotConfig.REPLAY_BATCH_SIZE, "5000");
            offline.put("poll.interval.ms", "0");
            List<SourceRecord> expected = ExpectedOutput.of(AwsSpotSourceTask::new, offline, lines.size() / 5000 + 3);
            List<String> expectedPrices = expected.stream()
                    .filter(r -> r.topic().equals(gpuTopic))
                    .map(ConnectWorkerEndToEndIT::priceIdentity)
                    .toList();
            List<String> expectedRejections = expected.stream()
                    .filter(r -> r.topic().equals(topics.name(Topic.REJECTED)))
                    .map(r ->
                            ((Struct) r.value()).getString("reason") + "@" + ((Struct) r.value()).getString("location"))
                    .toList();
            assertThat(expectedPrices)
                    .as("GPU Linux spot price changes in the real history")
                    .hasSizeGreaterThan(300);
            assertThat(expectedRejections).hasSize(2);

            try (WireFormatChecker wire = new WireFormatChecker(engines.registryUrl())) {
                List<GpuPriceObservation> prices =
                        wire.decode(reader.readAll(gpuTopic, expectedPrices.size(), AWAIT), GpuPriceObservation.class);
                List<String> actual = prices.stream()
                        .map(ConnectWorkerEndToEndIT::priceIdentity)
                        .toList();
                assertThat(duplicates(actual)).as("records written twice").isEmpty();
                assertThat(actual)
                        .as("every expected record exactly once, no gaps")
                        .containsExactlyInAnyOrderElementsOf(expectedPrices);
                assertThat(prices).allSatisfy(p -> assertThat(p.getSource()).isEqualTo("aws-spot-replay"));
                assertThat(prices)
                        .as("replayed history never expires")
                        .allSatisfy(p -> assertThat(p.getValidUntil()).isNull());

                List<RejectedRecord> rejected =
                        wire.decode(reader.readAll(topics.name(Topic.REJECTED), 2, AWAIT), RejectedRecord.class);
                assertThat(rejected)
                        .extracting(r -> r.getReason() + "@" + r.getLocation())
                        .containsExactlyInAnyOrderElementsOf(expectedRejections);
            }
        }
    }

    @Test
    void standaloneCatalogsLandAsAvroAndARestartResendsNothing(Engines engines) throws Exception {
        Path skypilot = SharedData.require("skypilot");
        Path litellm = SharedData.require("litellm");
        Path edited = dir.resolve("lambda-vms.csv");
        Files.writeString(
                edited,
                "InstanceType,AcceleratorName,AcceleratorCount,vCPUs,MemoryGiB,Price,SpotPrice,Region\n"
                        + "gpu_1x_h100_test,H100,1,26,200,2.49,,us-east-1\n"
                        + "gpu_1x_bad_test,H100,1,26,200,-1,,us-east-1\n");
        List<String> locations;
        try (Stream<Path> files = Files.list(skypilot)) {
            locations = files.filter(p -> p.toString().endsWith(".csv"))
                    .map(Path::toString)
                    .sorted()
                    .collect(Collectors.toCollection(ArrayList::new));
        }
        locations.add(edited.toString());
        String tokenFile;
        try (Stream<Path> files = Files.list(litellm)) {
            tokenFile = files.filter(p -> p.toString().endsWith(".json"))
                    .map(Path::toString)
                    .sorted()
                    .findFirst()
                    .orElseThrow();
        }

        RunTopics topics = RunTopics.unique("e2e-standalone");
        engines.kafka().createTopics(topics.newTopics());
        Map<String, String> catalog = new HashMap<>(topics.connectorProps());
        catalog.putAll(Map.of(
                "connector.class",
                SkyPilotCatalogSourceConnector.class.getName(),
                "tasks.max",
                "1",
                SkyPilotCatalogConfig.LOCATIONS,
                String.join(",", locations),
                "poll.interval.ms",
                "1000"));
        Map<String, String> tokens = new HashMap<>(topics.connectorProps());
        tokens.putAll(Map.of(
                "connector.class",
                LiteLlmSourceConnector.class.getName(),
                "tasks.max",
                "1",
                LiteLlmConfig.LOCATIONS,
                tokenFile,
                "poll.interval.ms",
                "1000"));
        // Prices expire an hour after they are sent, so no heartbeat re-sends them while the test counts.
        catalog.put("price.ttl.ms", "3600000");
        tokens.put("price.ttl.ms", "3600000");

        List<SourceRecord> expectedCatalog = ExpectedOutput.of(SkyPilotCatalogSourceTask::new, catalog, 1);
        List<SourceRecord> expectedTokens = ExpectedOutput.of(LiteLlmSourceTask::new, tokens, 1);
        List<String> expectedGpuKeys = keysOn(expectedCatalog, topics.name(Topic.GPU_PRICES));
        List<String> expectedTokenKeys = keysOn(expectedTokens, topics.name(Topic.TOKEN_PRICES));
        long expectedRejections = Stream.concat(expectedCatalog.stream(), expectedTokens.stream())
                .filter(r -> r.topic().equals(topics.name(Topic.REJECTED)))
                .count();
        assertThat(expectedGpuKeys).hasSizeGreaterThan(1000);
        assertThat(expectedTokenKeys).hasSizeGreaterThan(50);
        assertThat(expectedRejections).isPositive();

        TopicReader reader = new TopicReader(engines.kafka().clientProperties());
        Path state = dir.resolve("connect-state");
        try (EmbeddedConnectWorker connect = EmbeddedConnectWorker.start(EmbeddedConnectWorker.Config.standalone(
                        engines.bootstrapServers(), state, workerOverrides(engines)));
                WireFormatChecker wire = new WireFormatChecker(engines.registryUrl())) {
            connect.putConnector("catalog", catalog);
            connect.putConnector("litellm", tokens);
            connect.awaitRunning("catalog", 1, AWAIT);
            connect.awaitRunning("litellm", 1, AWAIT);
            assertThat(reader.readAll(topics.name(Topic.GPU_PRICES), expectedGpuKeys.size(), AWAIT))
                    .hasSize(expectedGpuKeys.size());

            // Standalone mode keeps offsets in its file but not connector configs: submit them again.
            connect.restart();
            connect.putConnector("catalog", catalog);
            connect.putConnector("litellm", tokens);
            connect.awaitRunning("catalog", 1, AWAIT);
            connect.awaitRunning("litellm", 1, AWAIT);
            // One price changes after the restart: exactly that record is new.
            Files.writeString(edited, Files.readString(edited).replace("2.49", "2.29"));

            List<GpuPriceObservation> gpu = wire.decode(
                    reader.readAll(topics.name(Topic.GPU_PRICES), expectedGpuKeys.size() + 1, AWAIT),
                    GpuPriceObservation.class);
            List<String> gpuKeys = new ArrayList<>(
                    gpu.stream().map(GpuPriceObservation::getOfferId).toList());
            List<String> expectedAfterEdit = new ArrayList<>(expectedGpuKeys);
            expectedAfterEdit.add("lambda|us-east-1||gpu_1x_h100_test|ON_DEMAND");
            assertThat(gpuKeys)
                    .as("each offer once, plus the one changed price")
                    .containsExactlyInAnyOrderElementsOf(expectedAfterEdit);
            assertThat(gpu)
                    .filteredOn(p -> p.getInstanceType().equals("gpu_1x_h100_test"))
                    .extracting(GpuPriceObservation::getUsdPerHour)
                    .containsExactly(2.49, 2.29);
            assertThat(gpu)
                    .as("live prices expire")
                    .allSatisfy(p -> assertThat(p.getValidUntil()).isNotNull());

            List<TokenPriceObservation> tokenPrices = wire.decode(
                    reader.readAll(topics.name(Topic.TOKEN_PRICES), expectedTokenKeys.size(), AWAIT),
                    TokenPriceObservation.class);
            assertThat(tokenPrices)
                    .extracting(TokenPriceObservation::getOfferId)
                    .containsExactlyInAnyOrderElementsOf(expectedTokenKeys);

            List<RejectedRecord> rejected = wire.decode(
                    reader.readAll(topics.name(Topic.REJECTED), (int) expectedRejections, AWAIT), RejectedRecord.class);
            assertThat(rejected).hasSize((int) expectedRejections);
            assertThat(rejected).anySatisfy(r -> {
                assertThat(r.getReason()).isEqualTo("NEGATIVE_PRICE");
                assertThat(r.getRawExcerpt()).contains("gpu_1x_bad_test");
            });
        }
    }

    private static Map<String, String> workerOverrides(Engines engines) {
        Map<String, String> overrides = new HashMap<>();
        overrides.put("value.converter", "dev.gpuarb.connect.AvroConverter");
        overrides.put("value.converter.schema.registry.url", engines.registryUrl());
        return overrides;
    }

    private static String priceIdentity(SourceRecord r) {
        Struct v = (Struct) r.value();
        return r.key() + "@" + ((java.util.Date) v.get("observedAt")).toInstant() + "=" + v.getFloat64("usdPerHour");
    }

    private static String priceIdentity(GpuPriceObservation p) {
        return p.getOfferId() + "@" + p.getObservedAt() + "=" + p.getUsdPerHour();
    }

    private static List<String> keysOn(List<SourceRecord> records, String topic) {
        return records.stream()
                .filter(r -> r.topic().equals(topic))
                .map(r -> (String) r.key())
                .toList();
    }

    private static List<String> duplicates(List<String> values) {
        return values.stream().collect(Collectors.groupingBy(v -> v, Collectors.counting())).entrySet().stream()
                .filter(e -> e.getValue() > 1)
                .map(Map.Entry::getKey)
                .toList();
    }
}
