package dev.gpuarb.connect;

import dev.gpuarb.registry.RegistryUnavailableException;
import dev.gpuarb.registry.SchemaRegistryClient;
import dev.gpuarb.registry.SchemaRegistryClients;
import dev.gpuarb.serde.AvroSerdeConfig;
import dev.gpuarb.serde.AvroSerdeException;
import dev.gpuarb.serde.RegistryAvroCodec;
import java.util.Map;
import org.apache.avro.generic.GenericData;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.errors.RetriableException;
import org.apache.kafka.connect.storage.Converter;

/**
 * Kafka Connect converter for Confluent wire-format Avro, on the same codec as the Kafka serde, so
 * records written by connectors are read by Streams and the sink and vice versa.
 *
 * <p>Configure as {@code value.converter=dev.gpuarb.connect.AvroConverter} with
 * {@code value.converter.schema.registry.url=...} and any other serde key under the same prefix.
 * A registry outage surfaces as Connect's {@link RetriableException}, so the worker retries under
 * {@code errors.retry.timeout} instead of dropping the record; other failures are
 * {@link DataException}s naming topic, subject and schema id.
 */
public class AvroConverter implements Converter {

    private final AvroConnectData data = new AvroConnectData();
    private final SchemaRegistryClient explicitRegistry;
    private RegistryAvroCodec codec;

    public AvroConverter() {
        this.explicitRegistry = null;
    }

    /** With a given registry client (tests, or sharing one client across converters). */
    public AvroConverter(SchemaRegistryClient registry) {
        this.explicitRegistry = registry;
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        AvroSerdeConfig cfg = AvroSerdeConfig.fromProperties(configs, isKey);
        SchemaRegistryClient registry =
                explicitRegistry != null ? explicitRegistry : SchemaRegistryClients.create(cfg.registry());
        codec = new RegistryAvroCodec(registry, cfg, isKey);
    }

    @Override
    public byte[] fromConnectData(String topic, Schema schema, Object value) {
        if (value == null) {
            return null;
        }
        if (schema == null) {
            throw new DataException("AvroConverter needs a schema; got a schemaless value for topic " + topic);
        }
        try {
            org.apache.avro.Schema avro = data.toAvroSchema(schema);
            return codec.encode(topic, avro, data.fromConnectData(schema, value), GenericData.get());
        } catch (AvroSerdeException e) {
            throw translate(e);
        } catch (ClassCastException e) {
            throw new DataException(
                    "value does not match its Connect schema for topic " + topic + ": " + e.getMessage(), e);
        }
    }

    @Override
    public SchemaAndValue toConnectData(String topic, byte[] value) {
        if (value == null) {
            return SchemaAndValue.NULL;
        }
        try {
            RegistryAvroCodec.Decoded decoded =
                    codec.decode(topic, value, RegistryAvroCodec.Reader.writerSchemaGeneric());
            return data.toConnectData(decoded.writerSchema(), decoded.datum());
        } catch (AvroSerdeException e) {
            throw translate(e);
        }
    }

    private static RuntimeException translate(AvroSerdeException e) {
        if (e.getCause() instanceof RegistryUnavailableException) {
            return new RetriableException(e.getMessage(), e);
        }
        return new DataException(e.getMessage(), e);
    }

    @Override
    public ConfigDef config() {
        return new ConfigDef()
                .define(
                        "schema.registry.url",
                        ConfigDef.Type.STRING,
                        ConfigDef.Importance.HIGH,
                        "Comma-separated base URLs of a Confluent-API schema registry.")
                .define(
                        AvroSerdeConfig.AUTO_REGISTER,
                        ConfigDef.Type.BOOLEAN,
                        true,
                        ConfigDef.Importance.MEDIUM,
                        "Register writer schemas on first use.")
                .define(
                        AvroSerdeConfig.SUBJECT_NAME_STRATEGY,
                        ConfigDef.Type.STRING,
                        "topic",
                        ConfigDef.Importance.LOW,
                        "topic, record or topic-record.");
    }
}
