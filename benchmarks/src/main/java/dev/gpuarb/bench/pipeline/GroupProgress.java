package dev.gpuarb.bench.pipeline;

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
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;

/**
 * How far a Streams application has processed and committed its input, from its consumer group's
 * committed offsets: the count of input records done, and whether it has drained everything
 * (inputs and its own repartition topics).
 */
public final class GroupProgress implements AutoCloseable {

    private static final long TIMEOUT_S = 30;
    private final Admin admin;

    public GroupProgress(Map<String, Object> clientProps) {
        this.admin = Admin.create(clientProps);
    }

    /** Input records the group has committed past, summed over the topics' partitions. */
    public long committed(String groupId, Collection<String> topics) throws Exception {
        long sum = 0;
        for (Map.Entry<TopicPartition, OffsetAndMetadata> e : offsets(groupId).entrySet()) {
            if (topics.contains(e.getKey().topic()) && e.getValue() != null) {
                sum += e.getValue().offset();
            }
        }
        return sum;
    }

    /** True when every input and repartition partition of a gpuarb application is committed up to its end. */
    public boolean drained(String groupId, Collection<String> inputs) throws Exception {
        return drained(groupId, inputs, true);
    }

    /** True when every group has drained what it reads ({@code groups}: group id to its input topics). */
    public boolean drained(Map<String, List<String>> groups, boolean hasRepartitions) throws Exception {
        for (Map.Entry<String, List<String>> g : groups.entrySet()) {
            if (!drained(g.getKey(), g.getValue(), hasRepartitions)) {
                return false;
            }
        }
        return true;
    }

    /**
     * As above; {@code hasRepartitions} false for an application without repartition topics (the
     * pass-through), which would otherwise never count as drained: for the others, no repartition
     * topic yet means the application has not even created its topology.
     */
    public boolean drained(String groupId, Collection<String> inputs, boolean hasRepartitions) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> committed = offsets(groupId);
        List<String> repartitions = admin.listTopics().names().get(TIMEOUT_S, TimeUnit.SECONDS).stream()
                .filter(t -> t.startsWith(groupId + "-") && t.endsWith("-repartition"))
                .toList();
        if (hasRepartitions && repartitions.isEmpty()) {
            return false;
        }
        List<String> topics = new ArrayList<>(inputs);
        topics.addAll(repartitions);
        Map<TopicPartition, Long> end = endOffsets(topics);
        for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
            OffsetAndMetadata done = committed.get(e.getKey());
            long position = done == null ? 0 : done.offset();
            // Transactional topics end with a commit marker the group need not have committed past.
            long slack = repartitions.contains(e.getKey().topic()) ? 1 : 0;
            if (e.getValue() > 0 && position < e.getValue() - slack) {
                return false;
            }
        }
        return true;
    }

    /** End offsets (read_committed) of the topics' partitions, summed: records in them for non-transactional topics. */
    public long endOffsetSum(Collection<String> topics) throws Exception {
        return endOffsets(new ArrayList<>(topics)).values().stream()
                .mapToLong(Long::longValue)
                .sum();
    }

    private Map<TopicPartition, OffsetAndMetadata> offsets(String groupId) throws Exception {
        return admin.listConsumerGroupOffsets(groupId, new ListConsumerGroupOffsetsOptions().requireStable(true))
                .partitionsToOffsetAndMetadata()
                .get(TIMEOUT_S, TimeUnit.SECONDS);
    }

    private Map<TopicPartition, Long> endOffsets(List<String> topics) throws Exception {
        Map<String, TopicDescription> described =
                admin.describeTopics(topics).allTopicNames().get(TIMEOUT_S, TimeUnit.SECONDS);
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        described
                .values()
                .forEach(d -> d.partitions()
                        .forEach(p -> request.put(new TopicPartition(d.name(), p.partition()), OffsetSpec.latest())));
        Map<TopicPartition, Long> end = new HashMap<>();
        admin.listOffsets(request, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED))
                .all()
                .get(TIMEOUT_S, TimeUnit.SECONDS)
                .forEach((tp, info) -> end.put(tp, info.offset()));
        return end;
    }

    @Override
    public void close() {
        admin.close(Duration.ofSeconds(5));
    }
}
