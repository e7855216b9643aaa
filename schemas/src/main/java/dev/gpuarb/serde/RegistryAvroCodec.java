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

    /**
     * This thread's last few encodings. A Streams processor often writes one new object to a store and to a topic
     * (a route update to its decisions store, routes.updates and the margins' store; a spot bid to its latest-bid
     * store and spot.bids): the same datum, schema and id give the same bytes, so they are encoded once. Matched by
     * identity, never equality, so only the very object encoded before reuses its bytes; this relies on generated
     * records being built, never changed in place after they are written (nothing here calls their setters). Per
     * thread, because a codec is shared by every thread of a serde.
     */
    private final ThreadLocal<RecentEncodings> recent = ThreadLocal.withInitial(RecentEncodings::new);

    private record Encoded(Object datum, Schema schema, int id, byte[] bytes) {}

    /** A ring of the last encodings, the oldest replaced first. */
    private static final class RecentEncodings {
        private final Encoded[] slots = new Encoded[4];
        private int next;

        byte[] find(Object datum, Schema schema, int id) {
            for (Encoded e : slots) {
                if (e != null && e.datum() == datum && e.schema() == schema && e.id() == id) {
                    return e.bytes();
                }
            }
            return null;
        }

        void add(Encoded e) {
            slots[next] = e;
            next = (next + 1) % slots.length;
        }
    }

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
        RecentEncodings thisThread = recent.get();
        byte[] bytes = thisThread.find(datum, schema, id);
        if (bytes != null) {
            // Shared safely: nobody writes into serialised bytes (the producer copies them, caches keep them).
            return bytes;
        }
        bytes = write(topic, subject, id, schema, datum, model);
        thisThread.add(new Encoded(datum, schema, id, bytes));
        return bytes;
    }

    private byte[] write(String topic, String subject, int id, Schema schema, Object datum, GenericData model) {
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
