package dev.gpuarb.cli.replay;

import dev.gpuarb.cli.kafka.TopicClients;
import dev.gpuarb.topics.Topic;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/** Where replayed records go: Kafka, or nowhere for a dry run. */
interface RecordSender extends AutoCloseable {

    void send(String topic, String key, SpecificRecord value);

    /** Waits until everything sent so far is acknowledged; throws if any record was not. */
    void flush() throws ReplayFailedException;

    @Override
    void close();

    /** A replay that cannot go on: the cluster or the registry is unreachable, a record was refused. */
    final class ReplayFailedException extends Exception {
        ReplayFailedException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    static RecordSender dryRun() {
        return new RecordSender() {
            @Override
            public void send(String topic, String key, SpecificRecord value) {}

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
    }

    private static ReplayFailedException unanswered(
            Map<String, Object> clientProps, Duration timeout, Throwable cause) {
        return new ReplayFailedException(
                "Kafka at " + clientProps.get("bootstrap.servers") + " did not answer within " + timeout.toSeconds()
                        + " s (is it running? see --bootstrap-servers, --client-config)",
                cause);
    }

    /**
     * An idempotent producer (acks=all) with Avro values through the schema registry. The cluster
     * is checked first so that a wrong address fails in seconds with a clear message instead of
     * after the producer's delivery timeout; topics the replay needs and that do not exist yet are
     * created with the project's settings.
     */
    static RecordSender kafka(Map<String, Object> clientProps, Set<String> topics, Duration timeout)
            throws ReplayFailedException {
        Map<String, Object> props = new HashMap<>(clientProps);
        props.putIfAbsent("default.api.timeout.ms", (int) timeout.toMillis());
        props.putIfAbsent("request.timeout.ms", (int) Math.min(timeout.toMillis(), 30_000));
        Admin admin = Admin.create(props);
        try {
            int brokers = admin.describeCluster()
                    .nodes()
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS)
                    .size();
            Set<String> existing = admin.listTopics().names().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            List<NewTopic> missing = new ArrayList<>();
            for (String name : topics) {
                if (!existing.contains(name)) {
                    short replication = (short) Math.min(3, brokers);
                    missing.add(Topic.byName(name)
                            .map(t -> t.newTopic(replication))
                            .orElseGet(() -> new NewTopic(name, 1, replication)));
                }
            }
            if (!missing.isEmpty()) {
                admin.createTopics(missing).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (TimeoutException e) {
            throw unanswered(clientProps, timeout, e);
        } catch (ExecutionException e) {
            // The admin client's own deadline can fire before ours ("Timed out waiting for a node
            // assignment"): the same situation, so the same message.
            if (e.getCause() instanceof org.apache.kafka.common.errors.TimeoutException) {
                throw unanswered(clientProps, timeout, e.getCause());
            }
            throw new ReplayFailedException(
                    "Kafka at " + clientProps.get("bootstrap.servers") + ": "
                            + e.getCause().getMessage(),
                    e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ReplayFailedException("interrupted", e);
        } finally {
            // A plain close() waits for calls still pending against an unreachable cluster, up to their own
            // deadline: the message above would then come long after the timeout it names.
            admin.close(Duration.ofSeconds(1));
        }
        KafkaProducer<String, SpecificRecord> producer = TopicClients.producer(clientProps);
        return new RecordSender() {
            private final AtomicReference<Exception> firstFailure = new AtomicReference<>();
            private final AtomicLong failures = new AtomicLong();

            @Override
            public void send(String topic, String key, SpecificRecord value) {
                producer.send(new ProducerRecord<>(topic, key, value), (meta, e) -> {
                    if (e != null) {
                        failures.incrementAndGet();
                        firstFailure.compareAndSet(null, e);
                    }
                });
            }

            @Override
            public void flush() throws ReplayFailedException {
                producer.flush();
                if (failures.get() > 0) {
                    throw new ReplayFailedException(
                            failures.get() + " record(s) were not acknowledged by Kafka: "
                                    + firstFailure.get().getMessage(),
                            firstFailure.get());
                }
            }

            @Override
            public void close() {
                producer.close(Duration.ofSeconds(30));
            }
        };
    }
}
