package dev.gpuarb.bench.pipeline;

import dev.gpuarb.engines.kafka.EmbeddedKafkaBroker;
import dev.gpuarb.engines.registry.EmbeddedSchemaRegistry;
import dev.gpuarb.topics.Topic;
import java.util.Arrays;

/**
 * A real KRaft broker (in this JVM) with every catalog topic at its production partition count, and
 * the shared schema registry (a child JVM). Each macro benchmark gets a broker of its own: topic
 * names are fixed by the catalog, so a fresh broker is the clean way to give a phase empty topics.
 */
public final class BenchEngines implements AutoCloseable {

    private final EmbeddedKafkaBroker broker;
    private final Clients clients;

    private BenchEngines(EmbeddedKafkaBroker broker, String registryUrl) {
        this.broker = broker;
        this.clients = new Clients(broker.clientProperties(), registryUrl);
    }

    public static BenchEngines start(EmbeddedSchemaRegistry registry) {
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start();
        broker.createTopics(
                Arrays.stream(Topic.values()).map(t -> t.newTopic((short) 1)).toList());
        return new BenchEngines(broker, registry.url());
    }

    public EmbeddedKafkaBroker broker() {
        return broker;
    }

    public Clients clients() {
        return clients;
    }

    public String bootstrap() {
        return broker.bootstrapServers();
    }

    @Override
    public void close() {
        broker.close();
    }
}
