package dev.gpuarb.engines;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gpuarb.engines.kafka.EmbeddedKafkaBroker;
import dev.gpuarb.engines.registry.EmbeddedSchemaRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The engines themselves: a broker that keeps data across restart, a registry bound to loopback. */
class EnginesSmokeIT {

    @TempDir
    Path dir;

    @Test
    void brokerKeepsRecordsAcrossRestart() throws Exception {
        try (EmbeddedKafkaBroker broker =
                EmbeddedKafkaBroker.start(EmbeddedKafkaBroker.Config.defaults().withDataDir(dir.resolve("kafka")))) {
            assertThat(broker.bootstrapServers()).startsWith("127.0.0.1:");
            broker.createTopics(List.of(new NewTopic("smoke", 1, (short) 1)));
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(
                    Map.of(
                            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                            broker.bootstrapServers(),
                            ProducerConfig.ACKS_CONFIG,
                            "all"),
                    new StringSerializer(),
                    new StringSerializer())) {
                producer.send(new ProducerRecord<>("smoke", "k", "before-restart"))
                        .get();
            }
            broker.restart();
            try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(
                    Map.of(
                            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                            ConsumerConfig.GROUP_ID_CONFIG, "smoke",
                            ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                    new StringDeserializer(),
                    new StringDeserializer())) {
                consumer.subscribe(List.of("smoke"));
                ConsumerRecords<String, String> records = ConsumerRecords.empty();
                for (int i = 0; i < 30 && records.isEmpty(); i++) {
                    records = consumer.poll(Duration.ofSeconds(1));
                }
                assertThat(records.records("smoke")).extracting(r -> r.value()).containsExactly("before-restart");
            }
        }
    }

    @Test
    void registryAnswersOnLoopbackWithBackwardCompatibilityAndKeepsSchemasAcrossRestart() throws Exception {
        try (EmbeddedSchemaRegistry registry = EmbeddedSchemaRegistry.start(
                EmbeddedSchemaRegistry.Config.defaults().withDataDir(dir.resolve("registry")))) {
            assertThat(registry.url()).startsWith("http://127.0.0.1:").endsWith("/apis/ccompat/v7");
            HttpClient http = HttpClient.newHttpClient();
            String config = get(http, registry.url() + "/config");
            assertThat(config).contains("BACKWARD");

            String schema =
                    "{\"schema\":\"{\\\"type\\\":\\\"record\\\",\\\"name\\\":\\\"S\\\",\\\"fields\\\":[{\\\"name\\\":\\\"a\\\",\\\"type\\\":\\\"int\\\"}]}\"}";
            HttpResponse<String> reg = http.send(
                    HttpRequest.newBuilder(URI.create(registry.url() + "/subjects/smoke-value/versions"))
                            .header("Content-Type", "application/vnd.schemaregistry.v1+json")
                            .POST(HttpRequest.BodyPublishers.ofString(schema))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(reg.statusCode()).isEqualTo(200);
            assertThat(reg.body()).contains("\"id\"");

            registry.restart();
            assertThat(get(http, registry.url() + "/subjects")).contains("smoke-value");
            assertThat(Files.exists(registry.logFile())).isTrue();
        }
    }

    private static String get(HttpClient http, String url) throws Exception {
        HttpResponse<String> resp = http.send(
                HttpRequest.newBuilder(URI.create(url)).GET().build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        assertThat(resp.statusCode()).as("GET " + url).isEqualTo(200);
        return resp.body();
    }
}
