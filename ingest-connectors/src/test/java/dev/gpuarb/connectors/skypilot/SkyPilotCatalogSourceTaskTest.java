package dev.gpuarb.connectors.skypilot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gpuarb.connectors.core.FixtureHttpServer;
import dev.gpuarb.connectors.core.FixtureHttpServer.Reply;
import dev.gpuarb.connectors.core.PollingSourceTask;
import dev.gpuarb.connectors.core.TaskHarness;
import dev.gpuarb.vocab.RejectReason;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SkyPilotCatalogSourceTaskTest {

    private static final String HEADER =
            "InstanceType,AcceleratorName,AcceleratorCount,vCPUs,MemoryGiB,GpuInfo,Price,SpotPrice,Region,AvailabilityZone\n";
    private static final String ROWS = HEADER
            + "gpu_8x_h100,H100,8,208,1800,\"{'Gpus': [{'Name': 'H100', 'MemoryInfo': {'SizeInMiB': 81920}}]}\",23.92,,us-east-1,\n"
            + "gpu_1x_a100,A100,1,30,200,\"{'Gpus': [{'Name': 'A100', 'MemoryInfo': {'SizeInMiB': 40960}}]}\",1.29,0.61,us-west-1,usw1-az1\n"
            + "cpu_4x,,,4,16,,0.2,,us-east-1,\n"
            + "gpu_1x_mystery,Zorp1,1,4,16,,0.5,,us-east-1,\n";

    @TempDir
    Path dir;

    private static Map<String, String> props(String location) {
        return Map.of(SkyPilotCatalogConfig.LOCATIONS, location, "poll.interval.ms", "0");
    }

    private static List<String> topics(List<SourceRecord> records) {
        return records.stream().map(SourceRecord::topic).toList();
    }

    @Test
    void sendsPricesOnceAndOnlyChangesAfterwards() throws Exception {
        Path file = dir.resolve("lambda-vms.csv");
        Files.writeString(file, ROWS);
        TaskHarness harness = new TaskHarness(SkyPilotCatalogSourceTask::new, props(file.toString()));
        harness.start();

        List<SourceRecord> first = harness.poll();
        assertThat(topics(first))
                .containsExactlyInAnyOrder("prices.gpu", "prices.gpu", "prices.gpu", "prices.rejected");
        SourceRecord h100 = first.stream()
                .filter(r -> r.key().equals("lambda|us-east-1||gpu_8x_h100|ON_DEMAND"))
                .findFirst()
                .orElseThrow();
        Struct value = (Struct) h100.value();
        assertThat(value.getString("gpuModel")).isEqualTo("H100-80GB");
        assertThat(value.getInt32("gpuCount")).isEqualTo(8);
        assertThat(value.getFloat64("usdPerGpuHour")).isEqualTo(2.99);
        assertThat(h100.valueSchema().name()).isEqualTo("dev.gpuarb.avro.GpuPriceObservation");
        assertThat(((Struct) first.stream()
                                .filter(r -> r.topic().equals("prices.rejected"))
                                .findFirst()
                                .orElseThrow()
                                .value())
                        .getString("reason"))
                .isEqualTo(RejectReason.UNKNOWN_GPU.name());
        PollingSourceTask task = (PollingSourceTask) harness.task();
        assertThat(task.metrics().rejected(RejectReason.UNKNOWN_GPU)).isEqualTo(1);
        assertThat(task.metrics().skipped(SkyPilotCatalogParser.SKIPPED_CPU_ONLY))
                .isEqualTo(1);

        assertThat(harness.poll()).as("unchanged catalog").isEmpty();

        Files.writeString(file, ROWS.replace("0.61", "0.55"));
        List<SourceRecord> changed = harness.poll();
        assertThat(changed).extracting(SourceRecord::key).containsExactly("lambda|us-west-1|usw1-az1|gpu_1x_a100|SPOT");
        assertThat(task.metrics().unchanged()).isGreaterThanOrEqualTo(5);
        harness.stop();
    }

    @Test
    void restartResumesFromCommittedOffsetsWithoutDuplicatesOrGaps() throws Exception {
        Path file = dir.resolve("lambda-vms.csv");
        Files.writeString(file, ROWS);
        TaskHarness harness = new TaskHarness(SkyPilotCatalogSourceTask::new, props(file.toString()));
        harness.start();
        List<SourceRecord> first = harness.poll();
        harness.commit(first.subList(0, 2)); // the worker died before the rest were acknowledged
        harness.stop();

        harness.start();
        List<SourceRecord> resent = harness.poll();
        assertThat(resent)
                .extracting(SourceRecord::key)
                .containsExactlyInAnyOrderElementsOf(first.subList(2, first.size()).stream()
                        .map(SourceRecord::key)
                        .toList());
        harness.commit(resent);
        harness.stop();

        harness.start();
        assertThat(harness.poll()).isEmpty();
        harness.stop();
    }

    @Test
    void pollsACatalogUrlAndSurvivesServerErrors() throws Exception {
        try (FixtureHttpServer server = new FixtureHttpServer()) {
            server.on("/catalogs/v7/lambda/vms.csv", Reply.status(503), Reply.ok(ROWS));
            Map<String, String> props = Map.of(
                    SkyPilotCatalogConfig.LOCATIONS,
                    server.uri("/catalogs/v7/lambda/vms.csv").toString(),
                    "poll.interval.ms",
                    "0",
                    "http.retry.backoff.initial.ms",
                    "1",
                    "http.retry.backoff.max.ms",
                    "5");
            TaskHarness harness = new TaskHarness(SkyPilotCatalogSourceTask::new, props);
            harness.start();
            List<SourceRecord> records = harness.poll();
            assertThat(records).hasSize(4);
            assertThat(records).extracting(SourceRecord::key).contains("lambda|us-east-1||gpu_8x_h100|ON_DEMAND");
            assertThat(server.requests()).hasSize(2);
            harness.stop();
        }
    }

    @Test
    void aFailedPollBacksOffAndNeverStopsTheTask() throws Exception {
        Map<String, String> props = Map.of(
                SkyPilotCatalogConfig.LOCATIONS,
                dir.resolve("absent.csv").toString(),
                "poll.interval.ms",
                "0",
                "poll.backoff.initial.ms",
                "1",
                "poll.backoff.max.ms",
                "2");
        TaskHarness harness = new TaskHarness(SkyPilotCatalogSourceTask::new, props);
        harness.start();
        assertThat(harness.poll()).isEmpty();
        PollingSourceTask task = (PollingSourceTask) harness.task();
        assertThat(task.metrics().pollFailures()).isEqualTo(1);
        Files.writeString(dir.resolve("absent.csv"), ROWS);
        List<SourceRecord> records = List.of();
        for (int i = 0; i < 20 && records.isEmpty(); i++) {
            records = harness.poll();
        }
        assertThat(records).hasSize(4);
        harness.stop();
    }

    @Test
    void providerComesFromTheFileNameOrTheCatalogPath() {
        assertThat(SkyPilotCatalogConfig.providerFromLocation("/data/aws-gpu-vms.csv"))
                .isEqualTo("aws");
        assertThat(
                        SkyPilotCatalogConfig.providerFromLocation(
                                "https://raw.githubusercontent.com/skypilot-org/skypilot-catalog/master/catalogs/v7/runpod/vms.csv"))
                .isEqualTo("runpod");
    }
}
