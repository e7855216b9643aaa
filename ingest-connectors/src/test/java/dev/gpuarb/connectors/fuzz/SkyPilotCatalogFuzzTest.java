package dev.gpuarb.connectors.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gpuarb.connectors.core.FixtureHttpServer;
import dev.gpuarb.connectors.core.FixtureHttpServer.Reply;
import dev.gpuarb.connectors.core.TaskHarness;
import dev.gpuarb.connectors.skypilot.SkyPilotCatalogConfig;
import dev.gpuarb.connectors.skypilot.SkyPilotCatalogSourceTask;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

/** SkyPilot catalog CSVs, served over loopback HTTP, under malformed documents. */
class SkyPilotCatalogFuzzTest {

    private static final String HEADER = "InstanceType,AcceleratorName,AcceleratorCount,vCPUs,MemoryGiB,GpuInfo,"
            + "Price,SpotPrice,Region,AvailabilityZone\n";
    static final String SEED = HEADER
            + "gpu_8x_h100,H100,8,208,1800,\"{'Gpus': [{'Name': 'H100', 'MemoryInfo': {'SizeInMiB': 81920}}]}\",23.92,,us-east-1,\n"
            + "gpu_1x_a100,A100,1,30,200,\"{'Gpus': [{'Name': 'A100', 'MemoryInfo': {'SizeInMiB': 40960}}]}\",1.29,0.61,us-west-1,usw1-az1\n"
            + "gpu_1x_l4,L4,1,8,32,,0.8,0.3,us-east-1,use1-az2\n"
            + "cpu_4x,,,4,16,,0.2,,us-east-1,\n";

    private static FixtureHttpServer server;

    @BeforeAll
    static void start() throws Exception {
        server = new FixtureHttpServer();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static Map<String, String> httpProps() {
        Map<String, String> props = new HashMap<>();
        props.put("poll.interval.ms", "0");
        props.put("http.retry.backoff.initial.ms", "1");
        props.put("http.retry.backoff.max.ms", "5");
        props.put("http.max.retries", "0");
        props.put("http.requests.per.second", "0");
        return props;
    }

    private static Gen<String> catalogs() {
        return Mutations.delimited(SEED, ',');
    }

    @Test
    void malformedCatalogsAreRejectedNeverThrown() {
        Theories.forAll(catalogs(), csv -> {
            server.on("/catalogs/v7/lambda/vms.csv", Reply.ok(csv));
            Map<String, String> props = httpProps();
            props.put(
                    SkyPilotCatalogConfig.LOCATIONS,
                    server.uri("/catalogs/v7/lambda/vms.csv").toString());
            TaskHarness harness = new TaskHarness(SkyPilotCatalogSourceTask::new, props);
            harness.start();
            List<SourceRecord> records = PollChecks.pollCleanly(harness, 1);
            // The parser trims header names, as it trims every field.
            List<String> header = java.util.Arrays.stream(csv.split("\n", -1)[0].split(",", -1))
                    .map(String::trim)
                    .toList();
            if (!csv.isBlank() && !header.containsAll(List.of("InstanceType", "AcceleratorName", "Price", "Region"))) {
                assertThat(PollChecks.rejections(records))
                        .as("rejections of a catalog without its header")
                        .isPositive();
            }
        });
    }
}
