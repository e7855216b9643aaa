package dev.gpuarb.serde;

import dev.gpuarb.registry.SchemaRegistryClient;
import dev.gpuarb.registry.SchemaRegistryClients;
import java.util.Map;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.IndexedRecord;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Kafka serializer for Avro records (generated SpecificRecord classes or GenericRecord) in the
 * Confluent wire format. A null record stays null (a tombstone on compacted topics).
 */
public class AvroSerializer<T extends IndexedRecord> implements Serializer<T> {

    private RegistryAvroCodec codec;

    /** For Kafka's reflective construction; {@link #configure} must follow. */
    public AvroSerializer() {}

    /** With an explicit registry client (shared across serdes, or the in-memory one in tests). */
    public AvroSerializer(SchemaRegistryClient registry, Map<String, ?> props, boolean isKey) {
        this.codec = new RegistryAvroCodec(registry, AvroSerdeConfig.fromProperties(props, isKey), isKey);
    }

    @Override
    public void configure(Map<String, ?> props, boolean isKey) {
        if (codec == null) {
            AvroSerdeConfig config = AvroSerdeConfig.fromProperties(props, isKey);
            codec = new RegistryAvroCodec(SchemaRegistryClients.create(config.registry()), config, isKey);
        }
    }

    @Override
    public byte[] serialize(String topic, T record) {
        if (record == null) {
            return null;
        }
        if (codec == null) {
            throw new IllegalStateException("AvroSerializer used before configure()");
        }
        GenericData model =
                record instanceof SpecificRecord ? SpecificData.getForSchema(record.getSchema()) : GenericData.get();
        return codec.encode(topic, record.getSchema(), record, model);
    }

    @Override
    public void close() {
        if (codec != null) {
            codec.registry().close();
        }
    }
}
