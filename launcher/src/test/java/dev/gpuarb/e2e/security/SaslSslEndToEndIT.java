package dev.gpuarb.e2e.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gpuarb.avro.GpuPriceObservation;
import dev.gpuarb.avro.PricingModel;
import dev.gpuarb.cli.CliRun;
import dev.gpuarb.cli.ClickHouseCounts;
import dev.gpuarb.cli.kafka.TopicClients;
import dev.gpuarb.cli.local.PipelineConnectors;
import dev.gpuarb.clickhouse.embedded.EmbeddedClickHouse;
import dev.gpuarb.engines.connect.EmbeddedConnectWorker;
import dev.gpuarb.engines.kafka.BrokerSecurity;
import dev.gpuarb.engines.kafka.EmbeddedKafkaBroker;
import dev.gpuarb.streams.StreamsService;
import dev.gpuarb.streams.config.AppConfig;
import dev.gpuarb.testkit.CapturedLogs;
import dev.gpuarb.testkit.Engines;
import dev.gpuarb.testkit.RealEngines;
import dev.gpuarb.topics.Topic;
import java.io.Writer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pipeline on a broker whose only client listener is SASL_SSL (SCRAM-SHA-512 over TLS with a
 * private CA): a Kafka Connect worker with a source connector and the ClickHouse sink, the Streams
 * application and the CLI connect with configuration only, a route update comes out and lands in
 * ClickHouse with the simulator's prices, a wrong password is refused, the HTTP API wants its
 * bearer token, and no secret shows up in any log line or command output.
 */
@ExtendWith(RealEngines.class)
class SaslSslEndToEndIT {

    private static final String BROKER_USER = "gpuarb-broker";
    private static final String APP_USER = "gpuarb-app";

    @TempDir
    Path dir;

    @Test
    void theWholePathWorksOverSaslSslAndKeepsSecretsOutOfLogs(Engines engines) throws Exception {
        String brokerPassword = "brk-" + Long.toHexString(Double.doubleToLongBits(Math.random()));
        String appPassword = "app-" + Long.toHexString(Double.doubleToLongBits(Math.random()));
        String apiToken = "tok-" + Long.toHexString(Double.doubleToLongBits(Math.random()));
        List<String> outputs = new ArrayList<>();

        try (CapturedLogs logs = CapturedLogs.everything()) {
            BrokerSecurity security = BrokerSecurity.saslSsl(
                    dir.resolve("tls"), Map.of(BROKER_USER, brokerPassword, APP_USER, appPassword), BROKER_USER);
            try (EmbeddedKafkaBroker broker =
                    EmbeddedKafkaBroker.start(security.brokerConfig().withDataDir(dir.resolve("kafka")))) {
                broker.createTopics(Arrays.stream(Topic.values())
                        .map(t -> t.newTopic((short) 1))
                        .toList());

                Map<String, Object> app = new HashMap<>(security.clientProperties(APP_USER, appPassword));
                app.put("bootstrap.servers", broker.bootstrapServers());
                app.put("schema.registry.url", engines.registryUrl());
                Path clientConfig = writeClientConfig(app);

                assertWrongPasswordIsRefused(security, broker);
                assertPlaintextClientGetsNoMetadata(broker);

                // Kafka Connect: the worker's own clients take the settings at the top level, the
                // connectors' clients with the producer./consumer./admin. prefixes; the connectors need nothing.
                try (EmbeddedClickHouse clickhouse =
                                EmbeddedClickHouse.start(EmbeddedClickHouse.Config.of(dir.resolve("clickhouse")));
                        EmbeddedConnectWorker connect =
                                EmbeddedConnectWorker.start(EmbeddedConnectWorker.Config.distributed(
                                        broker.bootstrapServers(),
                                        "secure-connect",
                                        connectWorker(app, engines.registryUrl())))) {
                    connect.putConnector(
                            "clickhouse-sink", PipelineConnectors.sink(clickhouse.httpUrl(), clickhouse.password()));
                    connect.awaitRunning("clickhouse-sink", 1, Duration.ofSeconds(120));

                    Map<String, Object> streamsProps = new HashMap<>(app);
                    streamsProps.put(AppConfig.APPLICATION_ID, "secure-e2e");
                    streamsProps.put(AppConfig.STATE_DIR, dir.resolve("streams").toString());
                    streamsProps.put(AppConfig.API_PORT, "0");
                    streamsProps.put(AppConfig.API_TOKEN, apiToken);
                    try (StreamsService streams = StreamsService.start(AppConfig.from(streamsProps))) {
                        String[] cluster = {"--client-config", clientConfig.toString(), "--state-dir", dir.toString()};
                        Path policy = dir.resolve("policy.yaml");
                        Files.writeString(policy, "routeId: secure-h100\nkind: GPU_HOURS\ngpuModel: H100-80GB\n");
                        CliRun add =
                                CliRun.of(concat(new String[] {"policy", "add", "--file", policy.toString()}, cluster));
                        outputs.add(add.out() + add.err());
                        assertThat(add.exitCode()).as(add.err()).isZero();

                        // No offer yet: the policy's first decision is NO_ROUTE, which proves it went through Streams.
                        CliRun first = CliRun.of(concat(
                                new String[] {"routes", "watch", "--from-beginning", "--max", "1", "--timeout-s", "180"
                                },
                                cluster));
                        outputs.add(first.out() + first.err());
                        assertThat(first.exitCode()).as(first.err()).isZero();
                        assertThat(first.out()).contains("secure-h100").contains("NO_ROUTE");

                        try (KafkaProducer<String, GpuPriceObservation> producer = TopicClients.producer(app)) {
                            GpuPriceObservation price = price(Instant.now());
                            producer.send(new ProducerRecord<>(Topic.GPU_PRICES.topicName(), price.getOfferId(), price))
                                    .get(60, TimeUnit.SECONDS);
                        }
                        CliRun routed = CliRun.of(concat(
                                new String[] {"routes", "watch", "--from-beginning", "--max", "2", "--timeout-s", "180"
                                },
                                cluster));
                        outputs.add(routed.out() + routed.err());
                        assertThat(routed.exitCode()).as(routed.err()).isZero();
                        assertThat(routed.out()).contains("lambda/us-east-1/gpu_1x_h100_sxm5");

                        assertApiWantsTheToken(streams, apiToken);

                        // A source connector over SASL_SSL: simulator prices reach ClickHouse through the sink,
                        // and so does the route update the Streams application decided above.
                        connect.putConnector(
                                "price-simulator",
                                PipelineConnectors.simulator(Instant.now().minus(Duration.ofHours(1))));
                        assertThat(ClickHouseCounts.awaitPositive(
                                        clickhouse.httpUrl(),
                                        clickhouse.password(),
                                        "SELECT count() FROM gpuarb.gpu_prices WHERE source = 'simulator'",
                                        Duration.ofMinutes(3)))
                                .isPositive();
                        assertThat(ClickHouseCounts.awaitPositive(
                                        clickhouse.httpUrl(),
                                        clickhouse.password(),
                                        "SELECT count() FROM gpuarb.route_updates WHERE route_id = 'secure-h100'",
                                        Duration.ofMinutes(3)))
                                .isPositive();
                    }
                }
            }
            outputs.addAll(logs.lines());
        }
        assertThat(outputs).as("log lines and command output").isNotEmpty();
        for (String secret : List.of(brokerPassword, appPassword, apiToken)) {
            assertThat(outputs.stream().filter(line -> line.contains(secret)).toList())
                    .as("lines that contain a secret")
                    .isEmpty();
        }
    }

    /** Worker settings of the local run plus the cluster's security settings, for the worker and its connectors. */
    private static Map<String, String> connectWorker(Map<String, Object> app, String registryUrl) {
        Map<String, String> worker = new HashMap<>(PipelineConnectors.worker(registryUrl));
        app.forEach((key, value) -> {
            if (key.startsWith("security.") || key.startsWith("sasl.") || key.startsWith("ssl.")) {
                for (String prefix : List.of("", "producer.", "consumer.", "admin.")) {
                    worker.put(prefix + key, String.valueOf(value));
                }
            }
        });
        return worker;
    }

    private static GpuPriceObservation price(Instant at) {
        return GpuPriceObservation.newBuilder()
                .setOfferId("lambda|us-east-1||gpu_1x_h100_sxm5|ON_DEMAND")
                .setProvider("lambda")
                .setRegion("us-east-1")
                .setZone(null)
                .setInstanceType("gpu_1x_h100_sxm5")
                .setGpuModel("H100-80GB")
                .setGpuCount(1)
                .setGpuMemoryGb(80)
                .setPricingModel(PricingModel.ON_DEMAND)
                .setUsdPerHour(2.49)
                .setUsdPerGpuHour(2.49)
                .setCurrency("USD")
                .setOriginalAmount(2.49)
                .setObservedAt(at)
                .setSource("secure-e2e")
                .setComplianceTags(List.of())
                .setAttributes(Map.of())
                .build();
    }

    private Path writeClientConfig(Map<String, Object> props) throws Exception {
        Properties p = new Properties();
        props.forEach((k, v) -> p.setProperty(k, String.valueOf(v)));
        Path file = dir.resolve("client.properties");
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            p.store(out, null);
        }
        return file;
    }

    private static void assertWrongPasswordIsRefused(BrokerSecurity security, EmbeddedKafkaBroker broker) {
        Map<String, Object> wrong = new HashMap<>(security.clientProperties(APP_USER, "not-the-password"));
        wrong.put("bootstrap.servers", broker.bootstrapServers());
        try (Admin admin = Admin.create(wrong)) {
            assertThatThrownBy(() -> admin.listTopics().names().get(60, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(SaslAuthenticationException.class);
        }
    }

    private static void assertPlaintextClientGetsNoMetadata(EmbeddedKafkaBroker broker) {
        Map<String, Object> plain = Map.of(
                "bootstrap.servers",
                broker.bootstrapServers(),
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
                "5000",
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG,
                "4000");
        try (Admin admin = Admin.create(plain)) {
            assertThatThrownBy(() -> admin.listTopics().names().get(30, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class);
        }
    }

    private static void assertApiWantsTheToken(StreamsService streams, String token) throws Exception {
        URI routes = URI.create("http://127.0.0.1:" + streams.apiAddress().getPort() + "/routes");
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> without =
                http.send(HttpRequest.newBuilder(routes).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(without.statusCode()).isEqualTo(401);
        HttpResponse<String> wrong = http.send(
                HttpRequest.newBuilder(routes)
                        .header("Authorization", "Bearer nope")
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(wrong.statusCode()).isEqualTo(401);
        HttpResponse<String> with = http.send(
                HttpRequest.newBuilder(routes)
                        .header("Authorization", "Bearer " + token)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(with.statusCode()).isEqualTo(200);
        assertThat(with.body()).doesNotContain(token);
    }

    private static String[] concat(String[] a, String[] b) {
        String[] out = new String[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
