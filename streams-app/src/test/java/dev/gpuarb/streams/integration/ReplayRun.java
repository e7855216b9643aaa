package dev.gpuarb.streams.integration;

import dev.gpuarb.avro.GpuPriceObservation;
import dev.gpuarb.avro.RoutePolicy;
import dev.gpuarb.engines.kafka.EmbeddedKafkaBroker;
import dev.gpuarb.serde.AvroSerializer;
import dev.gpuarb.streams.Topologies;
import dev.gpuarb.streams.config.AppConfig;
import dev.gpuarb.streams.config.StreamsApp;
import dev.gpuarb.topics.Topic;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * One run of the Streams application (in a child JVM) against one broker: it creates the catalog
 * topics, feeds the replay and reads what the application committed. Every wait is bounded.
 */
final class ReplayRun implements AutoCloseable {

    static final List<Topic> INPUTS =
            List.of(Topic.GPU_PRICES, Topic.TOKEN_PRICES, Topic.ENDPOINT_OBSERVATIONS, Topic.ROUTE_POLICIES);
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration PROGRESS_TIMEOUT = Duration.ofMinutes(4);

    private final Map<String, Object> clientProps;
    /** One per instance; all share the application id, each has its own state directory. */
    private final List<StreamsAppProcess> apps = new ArrayList<>();
    /** One per application: each has its own consumer group, inputs and repartition topics. */
    private final List<DrainCheck> drainChecks = new ArrayList<>();

    private final TopicContents contents;
    private final KafkaProducer<String, SpecificRecord> producer;

    ReplayRun(EmbeddedKafkaBroker broker, String registryUrl, Path workDir, String applicationId) {
        this(broker, registryUrl, workDir, applicationId, Map.of(), 1);
    }

    /**
     * @param extra     settings on top of the test's (e.g. which applications run)
     * @param instances how many processes run the application; with more than one, instance i works in
     *                  {@code workDir/instance-i} and its clients' ids start with {@code instance-i}
     */
    ReplayRun(
            EmbeddedKafkaBroker broker,
            String registryUrl,
            Path workDir,
            String applicationId,
            Map<String, String> extra,
            int instances) {
        clientProps = new HashMap<>(broker.clientProperties());
        clientProps.put(AppConfig.SCHEMA_REGISTRY_URL, registryUrl);
        // One partition per topic: each stage then reads its records in one order, whatever the timing,
        // so two runs can be compared record for record (see the README on the route engine's inputs).
        broker.createTopics(
                Arrays.stream(Topic.values()).map(t -> t.newTopic(1, (short) 1)).toList());
        Map<String, String> settings = null;
        for (int i = 0; i < instances; i++) {
            Path instanceDir = instances == 1 ? workDir : workDir.resolve("instance-" + i);
            try {
                Files.createDirectories(instanceDir);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            settings = appSettings(broker, registryUrl, instanceDir, applicationId);
            settings.putAll(extra);
            if (instances > 1) {
                settings.put("client.id", "instance-" + i);
            }
            apps.add(new StreamsAppProcess(instanceDir, settings));
        }
        AppConfig config = AppConfig.from(settings);
        for (StreamsApp each : config.apps()) {
            drainChecks.add(new DrainCheck(clientProps, each.applicationId(config), inputsOf(each, config)));
        }
        contents = new TopicContents(clientProps);
        producer = producer(clientProps);
    }

    /** The test's input topics the application reads, from its topology. */
    private static List<String> inputsOf(StreamsApp app, AppConfig config) {
        Set<String> sources = Topologies.sourceTopics(app, config);
        return INPUTS.stream().map(Topic::topicName).filter(sources::contains).toList();
    }

    private static Map<String, String> appSettings(
            EmbeddedKafkaBroker broker, String registryUrl, Path workDir, String applicationId) {
        Map<String, String> s = new LinkedHashMap<>();
        s.put(AppConfig.APPLICATION_ID, applicationId);
        s.put(AppConfig.BOOTSTRAP_SERVERS, broker.bootstrapServers());
        s.put(AppConfig.SCHEMA_REGISTRY_URL, registryUrl);
        s.put(AppConfig.PROCESSING_GUARANTEE, "exactly_once_v2");
        s.put(AppConfig.STATE_DIR, workDir.resolve("state").toString());
        s.put(AppConfig.API_BIND, "127.0.0.1");
        s.put(AppConfig.API_PORT, "0");
        s.put("num.stream.threads", "1");
        // A killed member is noticed after the session timeout; the broker's minimum keeps restarts quick.
        s.put("session.timeout.ms", "6000");
        s.put("heartbeat.interval.ms", "1500");
        return s;
    }

    private static KafkaProducer<String, SpecificRecord> producer(Map<String, Object> clientProps) {
        Map<String, Object> props = new HashMap<>(clientProps);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        AvroSerializer<SpecificRecord> values = new AvroSerializer<>();
        values.configure(props, false);
        return new KafkaProducer<>(props, new StringSerializer(), values);
    }

    StreamsAppProcess app() {
        return apps.get(0);
    }

    StreamsAppProcess app(int instance) {
        return apps.get(instance);
    }

    void send(List<RoutePolicy> policies) {
        policies.forEach(p -> producer.send(new ProducerRecord<>(
                Topic.ROUTE_POLICIES.topicName(), null, p.getUpdatedAt().toEpochMilli(), p.getRouteId(), p)));
        producer.flush();
    }

    /** Policies first, and decided (one NO_ROUTE each), so no run sees a price before its policies. */
    void sendPoliciesAndAwaitDecisions(List<RoutePolicy> policies) {
        send(policies);
        awaitCommitted(Topic.ROUTE_UPDATES, policies.size());
    }

    void sendPrices(List<GpuPriceObservation> prices) {
        prices.forEach(o -> producer.send(new ProducerRecord<>(
                Topic.GPU_PRICES.topicName(), null, o.getObservedAt().toEpochMilli(), o.getOfferId(), o)));
        producer.flush();
    }

    int committedCount(Topic topic) {
        return contents.count(topic.topicName(), IsolationLevel.READ_COMMITTED, READ_TIMEOUT);
    }

    /** Records a read_uncommitted consumer sees but a read_committed one does not: aborted transactions. */
    int abortedCount(Topic topic) {
        return contents.count(topic.topicName(), IsolationLevel.READ_UNCOMMITTED, READ_TIMEOUT) - committedCount(topic);
    }

    Map<String, List<String>> committedValuesByKey(Topic topic) {
        return contents.valuesByKey(topic.topicName(), READ_TIMEOUT);
    }

    void awaitCommitted(Topic topic, int atLeast) {
        await(
                () -> "at least " + atLeast + " committed records in " + topic.topicName(),
                () -> committedCount(topic) >= atLeast);
    }

    void awaitDrained() {
        List<String> behind = new ArrayList<>();
        await(() -> "the application to process and commit all its input; behind: " + behind, () -> {
            behind.clear();
            try {
                for (DrainCheck check : drainChecks) {
                    behind.addAll(check.behind());
                }
            } catch (Exception e) {
                behind.add(e.toString()); // e.g. the group coordinator is still loading after a restart
            }
            return behind.isEmpty();
        });
    }

    private void await(Supplier<String> what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + PROGRESS_TIMEOUT.toNanos();
        while (!condition.getAsBoolean()) {
            apps.forEach(StreamsAppProcess::requireAlive);
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("gave up waiting for " + what.get() + " after " + PROGRESS_TIMEOUT);
            }
            sleep(250);
        }
    }

    private static void sleep(long ms) {
        try {
            TimeUnit.MILLISECONDS.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    @Override
    public void close() {
        try {
            apps.forEach(StreamsAppProcess::close);
        } finally {
            producer.close(Duration.ofSeconds(5));
            drainChecks.forEach(DrainCheck::close);
        }
    }
}
