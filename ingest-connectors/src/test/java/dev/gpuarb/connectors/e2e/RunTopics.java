package dev.gpuarb.connectors.e2e;

import dev.gpuarb.connectors.core.CommonSourceConfig;
import dev.gpuarb.topics.Topic;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.NewTopic;

/**
 * The output topics of one test, named after it: the broker is shared by every test in the JVM,
 * so each test writes to topics (and registry subjects) of its own.
 */
record RunTopics(String prefix) {

    private static final AtomicInteger RUNS = new AtomicInteger();

    static RunTopics unique(String name) {
        return new RunTopics(name + "-" + RUNS.incrementAndGet() + "-" + System.currentTimeMillis());
    }

    String name(Topic topic) {
        return prefix + "." + topic.topicName();
    }

    /** The four topics a source connector writes, with the catalog's partition counts and configs. */
    List<NewTopic> newTopics() {
        return List.of(Topic.GPU_PRICES, Topic.TOKEN_PRICES, Topic.REJECTED, Topic.ENDPOINT_OBSERVATIONS).stream()
                .map(t -> new NewTopic(name(t), t.defaultPartitions(), (short) 1).configs(t.configs()))
                .toList();
    }

    /** Connector settings that route its records to these topics. */
    Map<String, String> connectorProps() {
        return Map.of(
                CommonSourceConfig.TOPIC_GPU, name(Topic.GPU_PRICES),
                CommonSourceConfig.TOPIC_TOKENS, name(Topic.TOKEN_PRICES),
                CommonSourceConfig.TOPIC_REJECTED, name(Topic.REJECTED),
                CommonSourceConfig.TOPIC_ENDPOINT_OBSERVATIONS, name(Topic.ENDPOINT_OBSERVATIONS));
    }
}
