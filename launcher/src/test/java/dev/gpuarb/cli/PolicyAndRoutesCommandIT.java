package dev.gpuarb.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gpuarb.avro.Endpoint;
import dev.gpuarb.avro.PricingModel;
import dev.gpuarb.avro.RouteCandidate;
import dev.gpuarb.avro.RouteStatus;
import dev.gpuarb.avro.RouteUpdate;
import dev.gpuarb.avro.WorkloadKind;
import dev.gpuarb.cli.kafka.TopicClients;
import dev.gpuarb.testkit.Engines;
import dev.gpuarb.testkit.RealEngines;
import dev.gpuarb.topics.Topic;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The operator subcommands against a real broker and registry. */
@ExtendWith(RealEngines.class)
class PolicyAndRoutesCommandIT {

    @TempDir
    Path dir;

    private String[] cluster;
    private Engines engines;

    @BeforeEach
    void topics(Engines engines) {
        this.engines = engines;
        engines.kafka()
                .createTopics(
                        List.of(Topic.ROUTE_POLICIES.newTopic((short) 1), Topic.ROUTE_UPDATES.newTopic((short) 1)));
        cluster = new String[] {
            "--bootstrap-servers",
            engines.bootstrapServers(),
            "--registry-url",
            engines.registryUrl(),
            "--state-dir",
            dir.toString()
        };
    }

    @Test
    void addListAndRemoveAPolicy() throws Exception {
        Path file = dir.resolve("policy.yaml");
        Files.writeString(file, "routeId: batch-h100\nkind: GPU_HOURS\ngpuModel: H100-80GB\nmaxPrice: 4.0\n");
        CliRun add = CliRun.of(concat(new String[] {"policy", "add", "--file", file.toString()}, cluster));
        assertThat(add.exitCode()).as(add.err()).isZero();
        assertThat(add.out()).contains("policy batch-h100 stored");

        CliRun flags = CliRun.of(concat(
                new String[] {
                    "policy",
                    "add",
                    "--route-id",
                    "chat",
                    "--kind",
                    "TOKENS",
                    "--model",
                    "gpt-4o",
                    "--max-p99-ms",
                    "800"
                },
                cluster));
        assertThat(flags.exitCode()).as(flags.err()).isZero();

        CliRun list = CliRun.of(concat(new String[] {"policy", "list"}, cluster));
        assertThat(list.out())
                .contains("batch-h100")
                .contains("H100-80GB")
                .contains("chat")
                .contains("gpt-4o");

        assertThat(CliRun.of(concat(new String[] {"policy", "rm", "batch-h100"}, cluster))
                        .exitCode())
                .isZero();
        CliRun after = CliRun.of(concat(new String[] {"policy", "list"}, cluster));
        assertThat(after.out()).doesNotContain("batch-h100").contains("chat");
    }

    @Test
    void anInvalidPolicyIsRefusedWithItsProblemsAndNothingIsWritten() throws Exception {
        Path file = dir.resolve("bad.json");
        Files.writeString(file, "{\"routeId\":\"oops\",\"kind\":\"GPU_HOURS\",\"maxPirce\":1}");
        CliRun add = CliRun.of(concat(new String[] {"policy", "add", "--file", file.toString()}, cluster));
        assertThat(add.exitCode()).isEqualTo(PolicyCommand.EXIT_INVALID);
        assertThat(add.err()).contains("unknown field 'maxPirce'").contains("needs gpuModel or minGpuMemoryGb");
        assertThat(CliRun.of(concat(new String[] {"policy", "list"}, cluster)).out())
                .doesNotContain("oops");
    }

    @Test
    void routesWatchPrintsCommittedUpdates() throws Exception {
        RouteUpdate update = RouteUpdate.newBuilder()
                .setRouteId("watch-me")
                .setStatus(RouteStatus.ROUTED)
                .setChosen(RouteCandidate.newBuilder()
                        .setEffectivePrice(2.25)
                        .setEndpoint(Endpoint.newBuilder()
                                .setOfferId("lambda|us-east-1||gpu_1x_h100_sxm5|ON_DEMAND")
                                .setKind(WorkloadKind.GPU_HOURS)
                                .setProvider("lambda")
                                .setRegion("us-east-1")
                                .setProduct("gpu_1x_h100_sxm5")
                                .setPricingModel(PricingModel.ON_DEMAND)
                                .build())
                        .build())
                .setPriceUnit("USD/GPU-hour")
                .setReason("new policy")
                .setDecidedAt(Instant.parse("2026-11-23T10:00:00Z"))
                .build();
        try (KafkaProducer<String, RouteUpdate> producer = TopicClients.producer(engines.clientProperties())) {
            producer.send(new ProducerRecord<>(Topic.ROUTE_UPDATES.topicName(), "watch-me", update))
                    .get(30, TimeUnit.SECONDS);
        }
        CliRun watch = CliRun.of(concat(
                new String[] {"routes", "watch", "--from-beginning", "--max", "1", "--timeout-s", "60"}, cluster));
        assertThat(watch.exitCode()).as(watch.err()).isZero();
        assertThat(watch.out())
                .contains("watch-me")
                .contains("lambda/us-east-1/gpu_1x_h100_sxm5/ON_DEMAND")
                .contains("2.2500");
    }

    private static String[] concat(String[] a, String[] b) {
        String[] out = new String[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
