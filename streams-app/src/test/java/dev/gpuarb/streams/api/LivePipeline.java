package dev.gpuarb.streams.api;

import dev.gpuarb.engines.kafka.EmbeddedKafkaBroker;
import dev.gpuarb.serde.AvroSerializer;
import dev.gpuarb.streams.StreamsService;
import dev.gpuarb.streams.config.AppConfig;
import dev.gpuarb.topics.Topic;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The Streams application as it runs in production ({@link StreamsService}: the production topology,
 * its API and the live page) on a real broker of its own and the given real registry, with a producer
 * for its inputs. A broker of its own because topic names are fixed by the catalog: other tests'
 * prices and policies must not show up on this application's page.
 */
final class LivePipeline implements AutoCloseable {

    private final EmbeddedKafkaBroker kafka;
    private final StreamsService streams;
    private final KafkaProducer<String, SpecificRecord> producer;
    private final HttpClient http =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final String token;

    LivePipeline(String registryUrl, Path dir, String token) throws IOException {
        this.token = token;
        kafka = EmbeddedKafkaBroker.start(EmbeddedKafkaBroker.Config.defaults().withDataDir(dir.resolve("kafka")));
        try {
            // One partition per topic: every stage sees the inputs in the order they were sent.
            kafka.createTopics(Arrays.stream(Topic.values())
                    .map(t -> t.newTopic(1, (short) 1))
                    .toList());
            Map<String, String> s = new HashMap<>();
            s.put(AppConfig.APPLICATION_ID, "gpuarb-live-test");
            s.put(AppConfig.BOOTSTRAP_SERVERS, kafka.bootstrapServers());
            s.put(AppConfig.SCHEMA_REGISTRY_URL, registryUrl);
            s.put(AppConfig.STATE_DIR, dir.resolve("streams").toString());
            s.put(AppConfig.API_BIND, "127.0.0.1");
            s.put(AppConfig.API_PORT, "0");
            s.put(AppConfig.API_TOKEN, token);
            s.put("num.stream.threads", "1");
            streams = StreamsService.start(AppConfig.from(s));
            Map<String, Object> props = new HashMap<>(kafka.clientProperties());
            props.put(AppConfig.SCHEMA_REGISTRY_URL, registryUrl);
            props.put(ProducerConfig.ACKS_CONFIG, "all");
            AvroSerializer<SpecificRecord> values = new AvroSerializer<>();
            values.configure(props, false);
            producer = new KafkaProducer<>(props, new StringSerializer(), values);
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
    }

    /** Sends one input record at the given event time and waits until the broker has it. */
    void send(Topic topic, String key, SpecificRecord value, java.time.Instant at) {
        try {
            producer.send(new ProducerRecord<>(topic.topicName(), null, at.toEpochMilli(), key, value))
                    .get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("send to " + topic.topicName() + " failed", e.getCause());
        }
    }

    String url(String pathAndQuery) {
        return "http://127.0.0.1:" + streams.apiAddress().getPort() + pathAndQuery;
    }

    /** GETs a JSON API path with the bearer token until the body satisfies the condition; fails after the timeout. */
    String awaitApi(String path, Predicate<String> condition, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "";
        while (System.nanoTime() < deadline) {
            HttpResponse<String> response = http.send(
                    HttpRequest.newBuilder(URI.create(url(path)))
                            .header("Authorization", "Bearer " + token)
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            last = response.statusCode() + " " + response.body();
            if (response.statusCode() == 200 && condition.test(response.body())) {
                return response.body();
            }
            Thread.sleep(250);
        }
        throw new AssertionError("gave up waiting on " + path + " after " + timeout + "; last answer: " + last);
    }

    @Override
    public void close() {
        try {
            if (producer != null) {
                producer.close(Duration.ofSeconds(5));
            }
            if (streams != null) {
                streams.close();
            }
        } finally {
            kafka.close();
        }
    }
}
