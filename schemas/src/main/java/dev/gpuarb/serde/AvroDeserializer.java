package dev.gpuarb.serde;

import dev.gpuarb.registry.SchemaRegistryClient;
import dev.gpuarb.registry.SchemaRegistryClients;
import dev.gpuarb.serde.RegistryAvroCodec.Reader;
import dev.gpuarb.serde.RegistryAvroCodec.ReaderSelector;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Kafka deserializer for Confluent wire-format Avro.
 *
 * <p>With a target class, the reader schema is that class's schema, so data written with an older
 * or newer compatible schema is resolved into the current generated class. Without one, generated
 * classes are used when {@code specific.avro.reader} is true and the writer's record class is on
 * the classpath; otherwise a GenericRecord with the writer schema (or {@code avro.reader.schema}).
 * Null bytes become null (tombstones).
 */
public class AvroDeserializer<T> implements Deserializer<T> {

    private final Class<? extends SpecificRecord> targetClass;
    private RegistryAvroCodec codec;
    private ReaderSelector readers;

    /** For Kafka's reflective construction; {@link #configure} must follow. */
    public AvroDeserializer() {
        this.targetClass = null;
    }

    /** Reads into a generated class; registry from {@link #configure}. */
    public AvroDeserializer(Class<? extends SpecificRecord> targetClass) {
        this.targetClass = targetClass;
    }

    /** Reads into a generated class (or per configuration when null), with an explicit registry client. */
    public AvroDeserializer(
            Class<? extends SpecificRecord> targetClass,
            SchemaRegistryClient registry,
            Map<String, ?> props,
            boolean isKey) {
        this.targetClass = targetClass;
        init(registry, AvroSerdeConfig.fromProperties(props, isKey), isKey);
    }

    @Override
    public void configure(Map<String, ?> props, boolean isKey) {
        if (codec == null) {
            AvroSerdeConfig cfg = AvroSerdeConfig.fromProperties(props, isKey);
            init(SchemaRegistryClients.create(cfg.registry()), cfg, isKey);
        }
    }

    private void init(SchemaRegistryClient registry, AvroSerdeConfig cfg, boolean isKey) {
        this.codec = new RegistryAvroCodec(registry, cfg, isKey);
        this.readers = selector(targetClass, cfg);
    }

    static ReaderSelector selector(Class<? extends SpecificRecord> targetClass, AvroSerdeConfig cfg) {
        if (targetClass != null) {
            Reader target =
                    new Reader(SpecificData.get().getSchema(targetClass), SpecificData.getForClass(targetClass));
            return writer -> target;
        }
        Schema configured = cfg.readerSchema();
        Reader generic = configured == null ? null : new Reader(configured, GenericData.get());
        return writer -> {
            if (cfg.specificReader()) {
                // The writer schema names the record; a generated class of that name, if present, reads it.
                Class<?> generated = SpecificData.get().getClass(writer);
                if (generated != null && SpecificRecord.class.isAssignableFrom(generated)) {
                    Schema schema = SpecificData.get().getSchema(generated);
                    return new Reader(schema, SpecificData.getForSchema(schema));
                }
            }
            return generic != null ? generic : new Reader(writer, GenericData.get());
        };
    }

    @Override
    @SuppressWarnings("unchecked")
    public T deserialize(String topic, byte[] data) {
        if (data == null) {
            return null;
        }
        if (codec == null) {
            throw new IllegalStateException("AvroDeserializer used before configure()");
        }
        return (T) codec.decode(topic, data, readers).datum();
    }

    @Override
    public void close() {
        if (codec != null) {
            codec.registry().close();
        }
    }
}
