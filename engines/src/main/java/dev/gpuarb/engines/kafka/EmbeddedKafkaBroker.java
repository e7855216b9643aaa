package dev.gpuarb.engines.kafka;

import dev.gpuarb.engines.UnitTier;
import dev.gpuarb.engines.net.FreePorts;
import dev.gpuarb.engines.net.Waits;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.Feature;
import org.apache.kafka.server.common.MetadataVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node Kafka (KRaft, combined broker and controller) running in this JVM, bound to
 * loopback. Used by the one-command local run and by integration tests; the same broker code as a
 * production cluster, only with replication factors of 1.
 *
 * <p>The data directory is formatted on first start and reused afterwards, so a restart keeps
 * topics, offsets and transactions. A temporary directory is deleted on {@link #close()}.
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedKafkaBroker.class);
    private static final String CONTROLLER_LISTENER = "CONTROLLER";
    private static final String BROKER_LISTENER = "BROKER";

    private final Config config;
    private final Path dataDir;
    private final boolean temporaryDir;
    private final int brokerPort;
    private final int controllerPort;
    private KafkaRaftServer server;

    private EmbeddedKafkaBroker(Config config, Path dataDir, boolean temporaryDir) {
        this.config = config;
        this.dataDir = dataDir;
        this.temporaryDir = temporaryDir;
        this.brokerPort = FreePorts.orPick(config.port());
        this.controllerPort = FreePorts.orPick(config.controllerPort());
    }

    /** Starts a broker with the given settings and waits until it answers. */
    public static EmbeddedKafkaBroker start(Config config) {
        UnitTier.refuse("Kafka broker");
        Path dir = config.dataDir();
        boolean temporary = dir == null;
        try {
            if (temporary) {
                dir = Files.createTempDirectory("gpuarb-kafka-");
            }
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create Kafka data directory " + dir, e);
        }
        EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(config, dir, temporary);
        broker.startServer();
        return broker;
    }

    /** A broker on free ports in a temporary directory. */
    public static EmbeddedKafkaBroker start() {
        return start(Config.defaults());
    }

    private void startServer() {
        long t0 = System.nanoTime();
        Map<String, Object> props = serverProperties();
        KafkaConfig kafkaConfig = new KafkaConfig(props, false);
        format(kafkaConfig);
        server = new KafkaRaftServer(kafkaConfig, Time.SYSTEM);
        server.startup();
        awaitReady(Duration.ofSeconds(60));
        log.info(
                "Kafka broker (KRaft) listening on {} (data {}), started in {} ms",
                bootstrapServers(),
                dataDir,
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
    }

    private Map<String, Object> serverProperties() {
        Map<String, Object> p = new HashMap<>();
        p.put("process.roles", "broker,controller");
        p.put("node.id", "1");
        p.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        p.put("controller.listener.names", CONTROLLER_LISTENER);
        p.put(
                "listeners",
                BROKER_LISTENER + "://127.0.0.1:" + brokerPort + "," + CONTROLLER_LISTENER + "://127.0.0.1:"
                        + controllerPort);
        p.put("advertised.listeners", BROKER_LISTENER + "://127.0.0.1:" + brokerPort);
        p.put("inter.broker.listener.name", BROKER_LISTENER);
        p.put("listener.security.protocol.map", BROKER_LISTENER + ":PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
        p.put("log.dirs", dataDir.toAbsolutePath().toString());
        // One node: every internal topic has a single replica.
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "5");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("transaction.state.log.num.partitions", "5");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        p.put("group.initial.rebalance.delay.ms", "0");
        p.put("num.partitions", "1");
        // Topics are created from the catalog; a typo should fail, not create a topic.
        p.put("auto.create.topics.enable", String.valueOf(config.autoCreateTopics()));
        // The cleaner's default 128 MiB dedupe buffer is sized for servers, not for a laptop or CI.
        p.put("log.cleaner.dedupe.buffer.size", String.valueOf(8L * 1024 * 1024));
        p.put("log.cleaner.backoff.ms", "1000");
        p.putAll(config.overrides());
        return BrokerSecurity.withoutFormatSettings(p);
    }

    private void format(KafkaConfig kafkaConfig) {
        if (Files.exists(dataDir.resolve("meta.properties"))) {
            return; // already formatted: keep the cluster id and all data
        }
        try {
            new Formatter()
                    .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
                    .setSupportedFeatures(Feature.PRODUCTION_FEATURES)
                    .setClusterId(Uuid.randomUuid().toString())
                    .setNodeId(kafkaConfig.nodeId())
                    .setDirectories(List.of(dataDir.toAbsolutePath().toString()))
                    .setMetadataLogDirectory(dataDir.toAbsolutePath().toString())
                    .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
                    .setControllerListenerName(CONTROLLER_LISTENER)
                    .setIgnoreFormatted(true)
                    .setScramArguments(BrokerSecurity.formatScramArguments(config.overrides()))
                    .run();
        } catch (Exception e) {
            throw new IllegalStateException("cannot format Kafka data directory " + dataDir + ": " + e.getMessage(), e);
        }
    }

    private void awaitReady(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Exception last = null;
        try (Admin admin = Admin.create(clientProperties())) {
            while (System.nanoTime() < deadline) {
                try {
                    if (!admin.describeCluster()
                            .nodes()
                            .get(5, TimeUnit.SECONDS)
                            .isEmpty()) {
                        return;
                    }
                } catch (ExecutionException | TimeoutException e) {
                    last = e;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while waiting for the Kafka broker", e);
                }
                Waits.sleep(100);
            }
        }
        throw new IllegalStateException(
                "Kafka broker on " + bootstrapServers() + " did not become ready within " + timeout, last);
    }

    /** host:port of the broker listener. */
    public String bootstrapServers() {
        return "127.0.0.1:" + brokerPort;
    }

    /** The properties a client needs to reach this broker. */
    public Map<String, Object> clientProperties() {
        Map<String, Object> props = new HashMap<>();
        props.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        props.putAll(config.clientOverrides());
        return props;
    }

    public Path dataDir() {
        return dataDir;
    }

    /** Creates topics that do not exist yet (existing ones are left as they are). */
    public void createTopics(Collection<NewTopic> topics) {
        try (Admin admin = Admin.create(clientProperties())) {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            List<NewTopic> missing =
                    topics.stream().filter(t -> !existing.contains(t.name())).toList();
            if (missing.isEmpty()) {
                return;
            }
            admin.createTopics(missing).all().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException(
                        "cannot create topics "
                                + topics.stream().map(NewTopic::name).collect(Collectors.joining(", ")) + ": "
                                + e.getCause(),
                        e.getCause());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics", e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("timed out creating topics on " + bootstrapServers(), e);
        }
    }

    /** Stops the broker cleanly (data kept) and starts it again on the same ports and directory. */
    public void restart() {
        stopServer();
        startServer();
    }

    /** Stops the broker without deleting data, e.g. to simulate an outage; {@link #restart()} or close after. */
    public void stopServer() {
        if (server != null) {
            server.shutdown();
            server.awaitShutdown();
            server = null;
            log.info("Kafka broker on {} stopped", bootstrapServers());
        }
    }

    public boolean isRunning() {
        return server != null;
    }

    @Override
    public void close() {
        stopServer();
        if (temporaryDir) {
            deleteRecursively(dataDir);
        }
    }

    static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    log.warn("could not delete {}: {}", p, e.toString());
                }
            });
        } catch (IOException e) {
            log.warn("could not delete {}: {}", dir, e.toString());
        }
    }

    /**
     * Broker settings.
     *
     * @param dataDir          log and metadata directory; null = a temporary one, deleted on close
     * @param port             client listener port on 127.0.0.1; 0 = a free one
     * @param controllerPort   KRaft controller port on 127.0.0.1; 0 = a free one
     * @param autoCreateTopics whether producers may create topics implicitly (off: topics come from the catalog)
     * @param overrides        any further broker properties (e.g. SASL/SSL listeners), applied last
     * @param clientOverrides  properties clients need to connect (e.g. security.protocol), added to
     *                         {@link #clientProperties()}
     */
    public record Config(
            Path dataDir,
            int port,
            int controllerPort,
            boolean autoCreateTopics,
            Map<String, Object> overrides,
            Map<String, Object> clientOverrides) {

        public Config {
            overrides = Map.copyOf(overrides);
            clientOverrides = Map.copyOf(clientOverrides);
        }

        public static Config defaults() {
            return new Config(null, 0, 0, false, Map.of(), Map.of());
        }

        public Config withDataDir(Path dir) {
            return new Config(dir, port, controllerPort, autoCreateTopics, overrides, clientOverrides);
        }

        public Config withPort(int brokerPort) {
            return new Config(dataDir, brokerPort, controllerPort, autoCreateTopics, overrides, clientOverrides);
        }

        public Config withOverrides(Map<String, Object> serverProps, Map<String, Object> clientProps) {
            return new Config(dataDir, port, controllerPort, autoCreateTopics, serverProps, clientProps);
        }
    }
}
