package dev.gpuarb.connectors.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gpuarb.registry.SchemaRegistryClient;
import dev.gpuarb.registry.SchemaRegistryClients;
import dev.gpuarb.serde.AvroDeserializer;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Checks that values are Confluent wire format (magic byte 0, then a schema id the registry
 * knows, naming the expected record) and decodes them with the project's deserializer.
 */
final class WireFormatChecker implements AutoCloseable {

    private final String registryUrl;
    private final SchemaRegistryClient registry;
    private final Map<Integer, Schema> schemasById = new HashMap<>();

    WireFormatChecker(String registryUrl) {
        this.registryUrl = registryUrl;
        this.registry = SchemaRegistryClients.create(Map.of("schema.registry.url", registryUrl));
    }

    <T extends SpecificRecord> List<T> decode(List<ConsumerRecord<String, byte[]>> records, Class<T> type) {
        List<T> values = new ArrayList<>();
        try (AvroDeserializer<T> deserializer = new AvroDeserializer<>(type)) {
            deserializer.configure(Map.of("schema.registry.url", registryUrl), false);
            for (ConsumerRecord<String, byte[]> r : records) {
                byte[] bytes = r.value();
                assertThat(bytes).as("value of %s@%d", r.topic(), r.offset()).hasSizeGreaterThan(5);
                assertThat(bytes[0]).as("magic byte").isZero();
                int id = ByteBuffer.wrap(bytes, 1, 4).getInt();
                Schema writer = schemasById.computeIfAbsent(id, registry::schemaById);
                assertThat(writer.getFullName())
                        .as("schema %d in the registry", id)
                        .isEqualTo(type.getName());
                values.add(deserializer.deserialize(r.topic(), bytes));
            }
        }
        return values;
    }

    @Override
    public void close() {
        registry.close();
    }
}
