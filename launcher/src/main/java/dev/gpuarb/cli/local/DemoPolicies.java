package dev.gpuarb.cli.local;

import dev.gpuarb.avro.PricingModel;
import dev.gpuarb.avro.RoutePolicy;
import dev.gpuarb.avro.SelfHostPolicy;
import dev.gpuarb.avro.WorkloadKind;
import dev.gpuarb.cli.kafka.CompactedTopicReader;
import dev.gpuarb.cli.kafka.TopicClients;
import dev.gpuarb.topics.Topic;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Route policies a fresh local run starts with, so route updates appear without setup; written
 * only when no policy exists yet (a user's own policies are never touched).
 */
final class DemoPolicies {

    private DemoPolicies() {}

    static List<RoutePolicy> policies(Instant now) {
        return List.of(
                RoutePolicy.newBuilder()
                        .setRouteId("train-h100")
                        .setKind(WorkloadKind.GPU_HOURS)
                        .setGpuModel("H100-80GB")
                        .setPricingModels(List.of(PricingModel.ON_DEMAND, PricingModel.SPOT))
                        .setHysteresisPct(3.0)
                        .setUpdatedAt(now)
                        .build(),
                // Residency: only offers tagged as in the EU (the connectors tag every offer from its region).
                RoutePolicy.newBuilder()
                        .setRouteId("infer-l4-eu")
                        .setKind(WorkloadKind.GPU_HOURS)
                        .setGpuModel("L4")
                        .setRequiredTags(List.of("eu"))
                        .setPricingModels(List.of(PricingModel.ON_DEMAND))
                        .setUpdatedAt(now)
                        .build(),
                RoutePolicy.newBuilder()
                        .setRouteId("chat-llama-70b")
                        .setKind(WorkloadKind.TOKENS)
                        .setModel("llama-3.1-70b-instruct")
                        .setMaxP99LatencyMs(2000.0)
                        .setHysteresisPct(2.0)
                        .setUpdatedAt(now)
                        .build(),
                // Self-hosting: the same model's API offers against every GPU offer that can serve it, per token.
                RoutePolicy.newBuilder()
                        .setRouteId("chat-70b-selfhost")
                        .setKind(WorkloadKind.TOKENS)
                        .setModel("llama-3.1-70b-instruct")
                        .setHysteresisPct(5.0)
                        .setSelfHost(SelfHostPolicy.newBuilder()
                                .setConcurrency(32)
                                .setMinOutputTokensPerSecond(15.0)
                                .build())
                        .setUpdatedAt(now)
                        .build());
    }

    /** Writes the demo policies when the policy topic is empty; returns how many were written. */
    static int seedIfEmpty(Map<String, Object> clientProps) throws Exception {
        try (KafkaConsumer<String, RoutePolicy> consumer = TopicClients.reader(clientProps, RoutePolicy.class)) {
            if (!CompactedTopicReader.latest(consumer, Topic.ROUTE_POLICIES.topicName(), Duration.ofSeconds(30))
                    .isEmpty()) {
                return 0;
            }
        }
        List<RoutePolicy> policies = policies(Instant.now());
        try (KafkaProducer<String, RoutePolicy> producer = TopicClients.producer(clientProps)) {
            for (RoutePolicy p : policies) {
                producer.send(new ProducerRecord<>(Topic.ROUTE_POLICIES.topicName(), p.getRouteId(), p))
                        .get(30, TimeUnit.SECONDS);
            }
        }
        return policies.size();
    }
}
