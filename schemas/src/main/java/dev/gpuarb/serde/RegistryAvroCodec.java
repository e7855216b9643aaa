package dev.gpuarb.serde;

import dev.gpuarb.registry.RegisteredSchema;
import dev.gpuarb.registry.SchemaRegistryClient;
import dev.gpuarb.registry.SchemaRegistryException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;

/**
 * The one place that turns Avro data into Confluent wire-format bytes and back, with the registry.
 * Shared by the Kafka {@link AvroSerializer}/{@link AvroDeserializer} and the Connect converter, so
 * connectors, Streams and the sink agree byte for byte.
 *
 * <p>Writers are cached per writer schema and readers per (writer id, reader schema); ids per
 * (subject, schema) are cached by the registry client.
 */
public final class RegistryAvroCodec {

    private final SchemaRegistryClient registry;
    private final AvroSerdeConfig config;
    private final boolean isKey;
    private final Map<Schema, DatumWriter<Object>> writers = new ConcurrentHashMap<>();
    private final Map<ReaderKey, DatumReader<Object>> readers = new ConcurrentHashMap<>();

    public RegistryAvroCodec(SchemaRegistryClient registry, AvroSerdeConfig config, boolean isKey) {
        this.registry = registry;
        this.config = config;
        this.isKey = isKey;
    }

    public SchemaRegistryClient registry() {
        return registry;
    }

    /**
     * Encodes a datum written with {@code schema} for {@code topic}: resolves the schema id (registering
     * it when allowed) and writes header plus Avro binary.
     *
     * @param model the data model that understands the datum (SpecificData for generated classes,
     *              GenericData for generic records)
     */
    public byte[] encode(String topic, Schema schema, Object datum, GenericData model) {
        String subject = config.subjectNameStrategy().subject(topic, isKey, schema);
        int id = schemaId(topic, subject, schema);
        DatumWriter<Object> writer = writers.computeIfAbsent(schema, s -> newWriter(s, model));
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        ByteBuffer header = ByteBuffer.allocate(WireFormat.HEADER_SIZE);
        WireFormat.writeHeader(header, id);
        out.write(header.array(), 0, WireFormat.HEADER_SIZE);
        try {
            BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
            writer.write(datum, encoder);
            encoder.flush();
        } catch (IOException | RuntimeException e) {
            throw new AvroSerdeException(
                    "cannot write " + schema.getFullName() + " as Avro " + AvroSerdeException.where(topic, subject, id)
                            + ": " + e.getMessage(),
                    topic,
                    subject,
                    id,
                    e);
        }
        return out.toByteArray();
    }

    private int schemaId(String topic, String subject, Schema schema) {
        try {
            if (config.useLatestVersion()) {
                RegisteredSchema latest = registry.latest(subject);
                if (!latest.schema().equals(schema)) {
                    throw new AvroSerdeException(
                            "use.latest.version is set but the record's schema "
                                    + schema.getFullName() + " differs from the latest version " + latest.version()
                                    + " of the subject " + AvroSerdeException.where(topic, subject, latest.id()),
                            topic,
                            subject,
                            latest.id(),
                            null);
                }
                return latest.id();
            }
            return config.autoRegister() ? registry.register(subject, schema) : registry.lookup(subject, schema);
        } catch (SchemaRegistryException e) {
            throw new AvroSerdeException(
                    "cannot resolve the schema id of " + schema.getFullName() + " "
                            + AvroSerdeException.where(topic, subject, e.schemaId()) + ": " + e.getMessage(),
                    topic,
                    subject,
                    e.schemaId(),
                    e);
        }
    }

    /**
     * Decodes wire-format bytes; {@code readers} picks the reader schema and data model for the
     * writer schema found in the registry (generated classes or generic records).
     */
    public Decoded decode(String topic, byte[] data, ReaderSelector readers) {
        ByteBuffer buffer = ByteBuffer.wrap(data);
        int id = WireFormat.readHeader(buffer, topic);
        Schema writerSchema;
        try {
            writerSchema = registry.schemaById(id);
        } catch (SchemaRegistryException e) {
            throw new AvroSerdeException(
                    "cannot fetch the writer schema of a record " + AvroSerdeException.where(topic, null, id) + ": "
                            + e.getMessage(),
                    topic,
                    null,
                    id,
                    e);
        }
        Reader reader = readers.select(writerSchema);
        DatumReader<Object> datumReader =
                this.readers.computeIfAbsent(new ReaderKey(id, reader), k -> newReader(writerSchema, reader));
        try {
            BinaryDecoder decoder =
                    DecoderFactory.get().binaryDecoder(data, buffer.position(), buffer.remaining(), null);
            Object datum = datumReader.read(null, decoder);
            return new Decoded(id, writerSchema, reader.schema(), datum);
        } catch (IOException | RuntimeException e) {
            throw new AvroSerdeException(
                    "cannot read a record written with " + writerSchema.getFullName()
                            + " as " + reader.schema().getFullName() + " " + AvroSerdeException.where(topic, null, id)
                            + ": " + e.getMessage(),
                    topic,
                    null,
                    id,
                    e);
        }
    }

    @SuppressWarnings("unchecked")
    private static DatumWriter<Object> newWriter(Schema schema, GenericData model) {
        return (DatumWriter<Object>) model.createDatumWriter(schema);
    }

    private static DatumReader<Object> newReader(Schema writer, Reader reader) {
        if (reader.model() instanceof SpecificData specific) {
            return new SpecificDatumReader<>(writer, reader.schema(), specific);
        }
        return new GenericDatumReader<>(writer, reader.schema(), reader.model());
    }

    /** Chooses how to read data written with a given writer schema. */
    @FunctionalInterface
    public interface ReaderSelector {
        Reader select(Schema writerSchema);
    }

    /** A reader schema and the data model that materialises it. */
    public record Reader(Schema schema, GenericData model) {

        /** Generic records with the writer's own schema. */
        public static ReaderSelector writerSchemaGeneric() {
            return writer -> new Reader(writer, GenericData.get());
        }
    }

    /** A decoded datum with the schemas that produced it. */
    public record Decoded(int schemaId, Schema writerSchema, Schema readerSchema, Object datum) {}

    private record ReaderKey(int writerId, Reader reader) {}
}
