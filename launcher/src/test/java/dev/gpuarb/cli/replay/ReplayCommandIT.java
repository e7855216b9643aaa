package dev.gpuarb.cli.replay;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gpuarb.avro.GpuPriceObservation;
import dev.gpuarb.avro.RejectedRecord;
import dev.gpuarb.avro.TokenPriceObservation;
import dev.gpuarb.cli.CliRun;
import dev.gpuarb.cli.kafka.TopicClients;
import dev.gpuarb.testkit.Engines;
import dev.gpuarb.testkit.RealEngines;
import dev.gpuarb.testkit.SharedData;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** {@code gpuarb replay} of the real public dumps into a real broker and registry, and its errors. */
@ExtendWith(RealEngines.class)
class ReplayCommandIT {

    @TempDir
    Path dir;

    private Engines engines;

    @BeforeEach
    void engines(Engines engines) {
        this.engines = engines;
    }

    @Test
    void everyPriceAndRejectionOfTheSharedDumpsLandsInKafkaAsTheSummarySays() throws Exception {
        Path data = SharedData.require("skypilot").getParent();
        // Topics get their own names here so that other tests' records cannot be counted.
        String gpu = "replay-test.gpu";
        String tokens = "replay-test.tokens";
        String rejected = "replay-test.rejected";
        CliRun run = CliRun.of(
                "replay",
                data.toString(),
                "--set",
                "topic.gpu.prices=" + gpu,
                "--set",
                "topic.token.prices=" + tokens,
                "--set",
                "topic.rejected=" + rejected,
                "--bootstrap-servers",
                engines.bootstrapServers(),
                "--registry-url",
                engines.registryUrl(),
                "--state-dir",
                dir.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();

        // Each file of the tree is reported, with a progress count, before the summary.
        long dumps;
        try (var files = Files.walk(data)) {
            // The price dumps of the shared tree, by the names their sources give them; the rest (notes,
            // throughput measurements and their scripts) is not price data.
            dumps = files.filter(Files::isRegularFile)
                    .map(f -> f.getFileName().toString())
                    .filter(n -> n.endsWith(".csv") || n.endsWith(".tsv") || n.startsWith("model_prices"))
                    .count();
        }
        assertThat(run.err())
                .contains("[" + dumps + "/" + dumps + "]")
                .contains("aws-gpu-vms.csv")
                .contains("spot-price-history-2022-05-31.tsv");
        assertThat(run.out()).contains("not a known price dump, ignored").contains("SOURCES.md");

        List<GpuPriceObservation> gpuPrices = readAll(gpu, GpuPriceObservation.class);
        List<TokenPriceObservation> tokenPrices = readAll(tokens, TokenPriceObservation.class);
        List<RejectedRecord> rejections = readAll(rejected, RejectedRecord.class);
        assertThat(gpuPrices).hasSize((int) summaryCount(run.out(), gpu)).hasSizeGreaterThan(1_000);
        assertThat(tokenPrices).hasSize((int) summaryCount(run.out(), tokens)).hasSizeGreaterThan(100);
        assertThat(rejections).hasSize((int) summaryCount(run.out(), rejected)).isNotEmpty();
        assertThat(rejections).allSatisfy(r -> {
            assertThat(r.getReason()).isNotBlank();
            assertThat(r.getDetail()).isNotBlank();
        });

        // A line of the AWS dump, read here without the connector's code:
        // euw3-az2  g4dn.4xlarge  Linux/UNIX  0.466400  2022-05-31T18:20:41+00:00 (one T4 per instance).
        assertThat(gpuPrices).anySatisfy(p -> {
            assertThat(p.getSource()).isEqualTo("aws-spot-replay");
            assertThat(p.getInstanceType()).isEqualTo("g4dn.4xlarge");
            assertThat(p.getZone()).contains("euw3-az2");
            assertThat(p.getUsdPerGpuHour()).isEqualTo(0.4664);
        });
        // Every provider whose catalog was replayed has prices, except GCP: its file holds accelerator rows
        // without their host VMs, so each of them is a NO_HOST_VM rejection, never an accelerator-only price.
        List<String> providers = new ArrayList<>();
        try (var files = Files.list(data.resolve("skypilot"))) {
            files.map(f -> f.getFileName().toString())
                    .filter(n -> n.endsWith("-vms.csv"))
                    .map(n -> n.substring(0, n.indexOf('-')))
                    .filter(p -> !p.equals("gcp"))
                    .forEach(providers::add);
        }
        assertThat(gpuPrices.stream()
                        .map(p -> p.getProvider().toString())
                        .distinct()
                        .toList())
                .containsAll(providers)
                .doesNotContain("gcp");
        assertThat(rejections).anySatisfy(r -> {
            assertThat(r.getReason().toString()).isEqualTo("NO_HOST_VM");
            assertThat(r.getLocation().toString()).contains("gcp-gpu-vms.csv");
        });
    }

    @Test
    void aCatalogRowThatBreaksTheRulesIsSentToTheRejectedTopicWithItsReason() throws Exception {
        Path catalog = dir.resolve("acme-vms.csv");
        Files.writeString(catalog, """
                InstanceType,AcceleratorName,AcceleratorCount,vCPUs,MemoryGiB,Price,Region,GpuInfo,SpotPrice
                gpu_1x_h100,H100,1,26,200,2.49,us-east-1,,
                gpu_1x_h100,H100,1,26,200,-3,us-west-1,,
                """);
        String rejected = "replay-test.rejected-one";
        CliRun run = CliRun.of(
                "replay",
                catalog.toString(),
                "--set",
                "topic.gpu.prices=replay-test.gpu-one",
                "--set",
                "topic.rejected=" + rejected,
                "--bootstrap-servers",
                engines.bootstrapServers(),
                "--registry-url",
                engines.registryUrl(),
                "--state-dir",
                dir.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        List<GpuPriceObservation> prices = readAll("replay-test.gpu-one", GpuPriceObservation.class);
        assertThat(prices).singleElement().satisfies(p -> {
            assertThat(p.getProvider()).isEqualTo("acme");
            assertThat(p.getUsdPerGpuHour()).isEqualTo(2.49);
        });
        assertThat(readAll(rejected, RejectedRecord.class))
                .singleElement()
                .satisfies(r -> assertThat(r.getReason()).isEqualTo("NEGATIVE_PRICE"));
        assertThat(run.out()).contains("NEGATIVE_PRICE");
    }

    @Test
    void replayedPricesNeverExpireUnlessAskedThenExpireATtlAfterTheyAreSent() throws Exception {
        Path catalog = dir.resolve("acme-vms.csv");
        Files.writeString(catalog, """
                InstanceType,AcceleratorName,AcceleratorCount,vCPUs,MemoryGiB,Price,Region,GpuInfo,SpotPrice
                gpu_1x_h100,H100,1,26,200,2.49,us-east-1,,
                """);
        CliRun history = CliRun.of(
                "replay",
                catalog.toString(),
                "--set",
                "topic.gpu.prices=replay-test.gpu-history",
                "--bootstrap-servers",
                engines.bootstrapServers(),
                "--registry-url",
                engines.registryUrl(),
                "--state-dir",
                dir.toString());
        assertThat(history.exitCode()).as(history.err()).isZero();
        assertThat(readAll("replay-test.gpu-history", GpuPriceObservation.class))
                .singleElement()
                .satisfies(p -> assertThat(p.getValidUntil()).isNull());

        Instant before = Instant.now();
        CliRun current = CliRun.of(
                "replay",
                "--expire",
                catalog.toString(),
                "--set",
                "price.ttl.ms=600000",
                "--set",
                "topic.gpu.prices=replay-test.gpu-current",
                "--bootstrap-servers",
                engines.bootstrapServers(),
                "--registry-url",
                engines.registryUrl(),
                "--state-dir",
                dir.toString());
        Instant after = Instant.now();
        assertThat(current.exitCode()).as(current.err()).isZero();
        assertThat(readAll("replay-test.gpu-current", GpuPriceObservation.class))
                .singleElement()
                .satisfies(p -> assertThat(p.getValidUntil())
                        .isBetween(
                                before.plus(Duration.ofMinutes(10)).truncatedTo(ChronoUnit.MILLIS),
                                after.plus(Duration.ofMinutes(10))));
    }

    @Test
    void aDryRunChecksEverythingAndSendsNothing() throws Exception {
        Path catalog = dir.resolve("acme-vms.csv");
        Files.writeString(
                catalog,
                "InstanceType,AcceleratorName,AcceleratorCount,vCPUs,MemoryGiB,Price,Region,GpuInfo,"
                        + "SpotPrice\ngpu_1x_a10,A10,1,30,200,0.75,us-east-1,,\n");
        // No cluster at this address: a dry run must not need one.
        CliRun run = CliRun.of(
                "replay",
                "--dry-run",
                catalog.toString(),
                "--bootstrap-servers",
                "127.0.0.1:" + freePort(),
                "--state-dir",
                dir.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("dry run").contains("prices.gpu").contains("1 skypilot");
    }

    @Test
    void theSummaryCountsPricesOfRegionsWithoutResidencyData() throws Exception {
        Path catalog = dir.resolve("aws-vms.csv");
        Files.writeString(
                catalog,
                "InstanceType,AcceleratorName,AcceleratorCount,vCPUs,MemoryGiB,Price,Region,GpuInfo,"
                        + "SpotPrice\ng5.xlarge,A10G,1,4,16,1.006,us-east-1,,\ng5.xlarge,A10G,1,4,16,1.2,moon-base-1,,\n"
                        + "g5.2xlarge,A10G,1,8,32,1.4,moon-base-1,,\n");
        CliRun run = CliRun.of("replay", "--dry-run", catalog.toString(), "--state-dir", dir.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out())
                .as(run.out())
                .contains("sent without residency tags")
                .containsPattern("without residency tags.*: 2\\n")
                .containsPattern("aws/moon-base-1 +2")
                .doesNotContain("aws/us-east-1");
    }

    @Test
    void badArgumentsAreRefusedWithAReason() throws Exception {
        CliRun missing = CliRun.of("replay", dir.resolve("nope.tsv").toString());
        assertThat(missing.exitCode()).isEqualTo(ReplayCommand.EXIT_USAGE);
        assertThat(missing.err()).contains("nope.tsv: no such file or directory");

        Files.writeString(dir.resolve("notes.txt"), "not prices");
        CliRun nothing = CliRun.of("replay", dir.toString());
        assertThat(nothing.exitCode()).isEqualTo(ReplayCommand.EXIT_USAGE);
        assertThat(nothing.err()).contains("no price dump in").contains("--format");

        CliRun format = CliRun.of("replay", "--format", "csv", dir.toString());
        assertThat(format.exitCode()).isEqualTo(ReplayCommand.EXIT_USAGE);
        assertThat(format.err()).contains("unknown --format 'csv'");

        Path tsv = dir.resolve("spot.tsv");
        Files.writeString(tsv, "use1-az1\tp4d.24xlarge\tLinux/UNIX\t9.8\t2026-01-01T00:00:00+00:00\n");
        CliRun setting = CliRun.of("replay", "--dry-run", tsv.toString(), "--set", "price.max.usd.per.gpu.hour=lots");
        assertThat(setting.exitCode()).isEqualTo(ReplayCommand.EXIT_USAGE);
        assertThat(setting.err()).contains("bad connector setting").contains("price.max.usd.per.gpu.hour");
    }

    @Test
    void anUnreachableClusterFailsFastAndSaysWhere() throws Exception {
        Path tsv = dir.resolve("spot.tsv");
        Files.writeString(tsv, "use1-az1\tp4d.24xlarge\tLinux/UNIX\t9.8\t2026-01-01T00:00:00+00:00\n");
        String address = "127.0.0.1:" + freePort();
        CliRun run = CliRun.of(
                "replay",
                tsv.toString(),
                "--bootstrap-servers",
                address,
                "--timeout-s",
                "3",
                "--state-dir",
                dir.toString());
        assertThat(run.exitCode()).isEqualTo(3);
        assertThat(run.err()).contains("Kafka at " + address).contains("did not answer");
    }

    private static long summaryCount(String summary, String topic) {
        Matcher m = Pattern.compile("^\\s+" + Pattern.quote(topic) + "\\s+([\\d,]+)$", Pattern.MULTILINE)
                .matcher(summary);
        assertThat(m.find())
                .as("summary line for " + topic + " in:\n" + summary)
                .isTrue();
        return Long.parseLong(m.group(1).replace(",", ""));
    }

    private <V extends SpecificRecord> List<V> readAll(String topic, Class<V> type) {
        List<V> values = new ArrayList<>();
        try (KafkaConsumer<String, V> consumer = TopicClients.reader(engines.clientProperties(), type)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                    .map(p -> new TopicPartition(topic, p.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(30));
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))
                    && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, V> r : consumer.poll(Duration.ofMillis(500))) {
                    values.add(r.value());
                }
            }
        }
        return values;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
