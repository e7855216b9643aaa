package dev.gpuarb.streams.integration;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListTransactionsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.admin.TransactionState;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;

/**
 * Whether a Kafka Streams application has processed, and committed, everything in its input
 * topics and in its own repartition topics.
 *
 * <p>Committed offsets are read before end offsets. An upstream task commits its input offsets in
 * the same transaction as its repartition records, so when the inputs show as consumed, every
 * record they led to is already below the repartition topics' end. Offsets are read with
 * {@code requireStable}, so an open transaction's offsets are not mistaken for committed ones.
 *
 * <p>End offsets are read_committed, so a transaction left open (by an instance killed mid-transaction,
 * until the broker aborts it at its timeout) hides every record written after it began: while any
 * transaction is ongoing on the broker, the application does not count as drained.
 */
final class DrainCheck implements AutoCloseable {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final Admin admin;
    private final String applicationId;
    private final Collection<String> inputTopics;

    DrainCheck(Map<String, Object> clientProps, String applicationId, Collection<String> inputTopics) {
        this.admin = Admin.create(clientProps);
        this.applicationId = applicationId;
        this.inputTopics = List.copyOf(inputTopics);
    }

    /** The partitions not yet processed and committed, as {@code topic-partition committed/end}; empty when drained. */
    List<String> behind() throws Exception {
        List<String> ongoing = admin
                .listTransactions(new ListTransactionsOptions().filterStates(List.of(TransactionState.ONGOING)))
                .all()
                .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS)
                .stream()
                .map(t -> "open transaction " + t.transactionalId())
                .toList();
        if (!ongoing.isEmpty()) {
            return ongoing;
        }
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(
                        applicationId, new ListConsumerGroupOffsetsOptions().requireStable(true))
                .partitionsToOffsetAndMetadata()
                .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        List<String> repartitionTopics = admin.listTopics().names().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS).stream()
                .filter(t -> t.startsWith(applicationId + "-") && t.endsWith("-repartition"))
                .toList();
        if (repartitionTopics.isEmpty()) {
            return List.of("no repartition topics yet: the application has not set itself up");
        }
        Map<TopicPartition, Long> end = endOffsets(inputTopics, repartitionTopics);
        List<String> behind = new ArrayList<>();
        for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
            OffsetAndMetadata done = committed.get(e.getKey());
            long position = done == null ? 0 : done.offset();
            // Repartition topics are written in transactions, so each ends with a commit marker that
            // a consumer may not have committed past; the test's own inputs are not transactional.
            long slack = repartitionTopics.contains(e.getKey().topic()) ? 1 : 0;
            if (e.getValue() > 0 && position < e.getValue() - slack) {
                behind.add(e.getKey() + " " + position + "/" + e.getValue());
            }
        }
        return behind;
    }

    private Map<TopicPartition, Long> endOffsets(Collection<String> inputs, Collection<String> repartitions)
            throws Exception {
        List<String> topics = new ArrayList<>(inputs);
        topics.addAll(repartitions);
        Map<String, TopicDescription> described =
                admin.describeTopics(topics).allTopicNames().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        described
                .values()
                .forEach(d -> d.partitions()
                        .forEach(p -> request.put(new TopicPartition(d.name(), p.partition()), OffsetSpec.latest())));
        Map<TopicPartition, Long> end = new HashMap<>();
        admin.listOffsets(request, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED))
                .all()
                .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS)
                .forEach((tp, info) -> end.put(tp, info.offset()));
        return end;
    }

    @Override
    public void close() {
        admin.close(Duration.ofSeconds(5));
    }
}
