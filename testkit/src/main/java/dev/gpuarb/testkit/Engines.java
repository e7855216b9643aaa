package dev.gpuarb.testkit;

import dev.gpuarb.engines.kafka.EmbeddedKafkaBroker;
import dev.gpuarb.engines.registry.EmbeddedSchemaRegistry;
import java.util.HashMap;
import java.util.Map;

/** The real engines a test runs against: one Kafka broker and one schema registry, both on loopback. */
public final class Engines {

    private final EmbeddedKafkaBroker kafka;
    private final EmbeddedSchemaRegistry registry;

    Engines(EmbeddedKafkaBroker kafka, EmbeddedSchemaRegistry registry) {
        this.kafka = kafka;
        this.registry = registry;
    }

    public EmbeddedKafkaBroker kafka() {
        return kafka;
    }

    public EmbeddedSchemaRegistry registry() {
        return registry;
    }

    public String bootstrapServers() {
        return kafka.bootstrapServers();
    }

    /** The Confluent-API URL, for {@code schema.registry.url}. */
    public String registryUrl() {
        return registry.url();
    }

    /** Client properties plus {@code schema.registry.url}: what a serde-using client needs. */
    public Map<String, Object> clientProperties() {
        Map<String, Object> props = new HashMap<>(kafka.clientProperties());
        props.put("schema.registry.url", registry.url());
        return props;
    }
}
