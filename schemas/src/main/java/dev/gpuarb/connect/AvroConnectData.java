package dev.gpuarb.connect;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.JsonProperties;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema.Type;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericFixed;
import org.apache.avro.generic.IndexedRecord;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Timestamp;
import org.apache.kafka.connect.errors.DataException;

/**
 * Translates between Kafka Connect's data model (Schema/Struct) and Avro (Schema/GenericRecord).
 *
 * <p>Written here because Confluent's equivalent ships only with its converter, which is not on
 * Maven Central. It covers the Avro that Connect can express: records, enums (as named strings),
 * nullable unions {@code ["null", T]}, arrays, string-keyed maps, primitives, bytes, and
 * timestamp-millis (as Connect {@link Timestamp}). Names, docs, field docs, enum symbols and
 * defaults are carried in Connect schema parameters so that Avro -> Connect -> Avro gives back the
 * same schema text, and connectors register exactly the schemas the rest of the pipeline uses.
 */
public final class AvroConnectData {

    static final String ENUM = "gpuarb.avro.enum";
    static final String ENUM_DOC = "gpuarb.avro.enum.doc";
    static final String ENUM_SYMBOLS = "gpuarb.avro.enum.symbols";
    static final String FIELD_DOC = "gpuarb.avro.field.doc";
    /** Generated classes carry avro.java.string=String; kept so the registered schema is identical. */
    static final String JAVA_STRING = "gpuarb.avro.java.string";

    private static final String AVRO_JAVA_STRING = "avro.java.string";

    private final Map<org.apache.avro.Schema, Schema> toConnectCache = new ConcurrentHashMap<>();
    private final Map<Schema, org.apache.avro.Schema> toAvroCache = new ConcurrentHashMap<>();

    // ---------------------------------------------------------------- Avro -> Connect

    /** The Connect schema for an Avro schema. */
    public Schema toConnectSchema(org.apache.avro.Schema avro) {
        return toConnectCache.computeIfAbsent(avro, s -> toConnect(s, false, null));
    }

    /** Converts an Avro datum (generic or generated) to Connect data. */
    public SchemaAndValue toConnectData(org.apache.avro.Schema avro, Object datum) {
        Schema schema = toConnectSchema(avro);
        return new SchemaAndValue(schema, toConnectValue(schema, avro, datum));
    }

    private Schema toConnect(org.apache.avro.Schema avro, boolean optional, String fieldDoc) {
        if (avro.getType() == Type.UNION) {
            org.apache.avro.Schema inner = nonNullBranch(avro);
            return toConnect(inner, true, fieldDoc);
        }
        SchemaBuilder b = switch (avro.getType()) {
            case RECORD -> {
                SchemaBuilder s = SchemaBuilder.struct().name(avro.getFullName());
                if (avro.getDoc() != null) {
                    s.doc(avro.getDoc());
                }
                for (org.apache.avro.Schema.Field f : avro.getFields()) {
                    s.field(f.name(), fieldSchema(f));
                }
                yield s;
            }
            case ENUM -> {
                SchemaBuilder s = SchemaBuilder.string().parameter(ENUM, avro.getFullName());
                if (avro.getDoc() != null) {
                    s.parameter(ENUM_DOC, avro.getDoc());
                }
                // Avro symbols are [A-Za-z_][A-Za-z0-9_]*, so a comma cannot occur in one.
                s.parameter(ENUM_SYMBOLS, String.join(",", avro.getEnumSymbols()));
                yield s;
            }
            case ARRAY -> SchemaBuilder.array(toConnect(avro.getElementType(), false, null));
            case MAP -> {
                SchemaBuilder s = SchemaBuilder.map(Schema.STRING_SCHEMA, toConnect(avro.getValueType(), false, null));
                if (avro.getProp(AVRO_JAVA_STRING) != null) {
                    s.parameter(JAVA_STRING, avro.getProp(AVRO_JAVA_STRING));
                }
                yield s;
            }
            case STRING -> {
                SchemaBuilder s = SchemaBuilder.string();
                if (avro.getProp(AVRO_JAVA_STRING) != null) {
                    s.parameter(JAVA_STRING, avro.getProp(AVRO_JAVA_STRING));
                }
                yield s;
            }
            case BYTES, FIXED -> SchemaBuilder.bytes();
            case INT -> SchemaBuilder.int32();
            case LONG ->
                avro.getLogicalType() instanceof LogicalTypes.TimestampMillis
                        ? Timestamp.builder()
                        : SchemaBuilder.int64();
            case FLOAT -> SchemaBuilder.float32();
            case DOUBLE -> SchemaBuilder.float64();
            case BOOLEAN -> SchemaBuilder.bool();
            default -> throw new DataException("Avro type " + avro.getType() + " has no Connect equivalent: " + avro);
        };
        if (fieldDoc != null) {
            b.parameter(FIELD_DOC, fieldDoc);
        }
        if (optional) {
            b.optional();
        }
        return b.build();
    }

    private Schema fieldSchema(org.apache.avro.Schema.Field f) {
        Schema plain = toConnect(f.schema(), false, f.doc());
        if (!f.hasDefaultValue() || f.defaultVal() == JsonProperties.NULL_VALUE || plain.isOptional()) {
            return plain;
        }
        // Rebuild with the default, converted to Connect's value types.
        SchemaBuilder b = copy(plain);
        b.defaultValue(toConnectValue(plain, f.schema(), f.defaultVal()));
        return b.build();
    }

    private static SchemaBuilder copy(Schema s) {
        SchemaBuilder b = switch (s.type()) {
            case ARRAY -> SchemaBuilder.array(s.valueSchema());
            case MAP -> SchemaBuilder.map(s.keySchema(), s.valueSchema());
            case STRUCT -> {
                SchemaBuilder sb = SchemaBuilder.struct();
                s.fields().forEach(f -> sb.field(f.name(), f.schema()));
                yield sb;
            }
            default -> SchemaBuilder.type(s.type());
        };
        if (s.name() != null) {
            b.name(s.name());
        }
        if (s.doc() != null) {
            b.doc(s.doc());
        }
        if (s.version() != null) {
            b.version(s.version());
        }
        if (s.parameters() != null) {
            b.parameters(s.parameters());
        }
        if (s.isOptional()) {
            b.optional();
        }
        return b;
    }

    private Object toConnectValue(Schema schema, org.apache.avro.Schema avro, Object value) {
        if (value == null || value == JsonProperties.NULL_VALUE) {
            if (!schema.isOptional()) {
                throw new DataException("null for required " + describe(schema));
            }
            return null;
        }
        if (avro.getType() == Type.UNION) {
            avro = nonNullBranch(avro);
        }
        switch (schema.type()) {
            case STRUCT: {
                IndexedRecord record = (IndexedRecord) value;
                Struct struct = new Struct(schema);
                for (Field f : schema.fields()) {
                    org.apache.avro.Schema.Field af = avro.getField(f.name());
                    struct.put(f, toConnectValue(f.schema(), af.schema(), record.get(af.pos())));
                }
                return struct;
            }
            case ARRAY: {
                List<Object> out = new ArrayList<>();
                for (Object item : (Collection<?>) value) {
                    out.add(toConnectValue(schema.valueSchema(), avro.getElementType(), item));
                }
                return out;
            }
            case MAP: {
                Map<String, Object> out = new LinkedHashMap<>();
                for (Map.Entry<?, ?> e : ((Map<?, ?>) value).entrySet()) {
                    out.put(
                            e.getKey().toString(),
                            toConnectValue(schema.valueSchema(), avro.getValueType(), e.getValue()));
                }
                return out;
            }
            case STRING:
                return value.toString(); // Utf8, String, enum symbols
            case BYTES:
                if (value instanceof ByteBuffer buf) {
                    ByteBuffer dup = buf.duplicate();
                    byte[] bytes = new byte[dup.remaining()];
                    dup.get(bytes);
                    return bytes;
                }
                return value instanceof GenericFixed fixed ? fixed.bytes() : value;
            case INT64:
                if (Timestamp.LOGICAL_NAME.equals(schema.name())) {
                    return value instanceof Instant i
                            ? java.util.Date.from(i)
                            : new java.util.Date(((Number) value).longValue());
                }
                return ((Number) value).longValue();
            case INT32:
                return ((Number) value).intValue();
            case FLOAT32:
                return ((Number) value).floatValue();
            case FLOAT64:
                return ((Number) value).doubleValue();
            default:
                return value;
        }
    }

    // ---------------------------------------------------------------- Connect -> Avro

    /** The Avro schema for a Connect schema. */
    public org.apache.avro.Schema toAvroSchema(Schema connect) {
        // Re-parsed from its text so defaults are the JSON nodes a parsed .avsc has (0 is an int
        // node there, a long node when built from Java): the schema then equals the generated one.
        return toAvroCache.computeIfAbsent(
                connect,
                s -> new org.apache.avro.Schema.Parser().parse(toAvro(s).toString()));
    }

    /** Converts Connect data to an Avro generic datum of {@link #toAvroSchema(Schema)}. */
    public Object fromConnectData(Schema schema, Object value) {
        return toAvroValue(schema, toAvroSchema(schema), value);
    }

    private org.apache.avro.Schema toAvro(Schema connect) {
        org.apache.avro.Schema plain = toAvroPlain(connect);
        return connect.isOptional() ? nullable(plain) : plain;
    }

    private org.apache.avro.Schema toAvroPlain(Schema connect) {
        Map<String, String> params = connect.parameters() == null ? Map.of() : connect.parameters();
        switch (connect.type()) {
            case STRUCT: {
                List<org.apache.avro.Schema.Field> fields = new ArrayList<>();
                for (Field f : connect.fields()) {
                    fields.add(avroField(f));
                }
                String name = connect.name() != null ? connect.name() : "dev.gpuarb.connect.ConnectRecord";
                return org.apache.avro.Schema.createRecord(name, connect.doc(), null, false, fields);
            }
            case STRING:
                if (params.containsKey(ENUM)) {
                    List<String> symbols =
                            Arrays.asList(params.getOrDefault(ENUM_SYMBOLS, "").split(","));
                    return org.apache.avro.Schema.createEnum(params.get(ENUM), params.get(ENUM_DOC), null, symbols);
                }
                org.apache.avro.Schema string = org.apache.avro.Schema.create(Type.STRING);
                if (params.containsKey(JAVA_STRING)) {
                    string.addProp(AVRO_JAVA_STRING, params.get(JAVA_STRING));
                }
                return string;
            case ARRAY:
                return org.apache.avro.Schema.createArray(toAvro(connect.valueSchema()));
            case MAP:
                if (connect.keySchema().type() != Schema.Type.STRING) {
                    throw new DataException("only string-keyed maps convert to Avro, not " + describe(connect));
                }
                org.apache.avro.Schema map = org.apache.avro.Schema.createMap(toAvro(connect.valueSchema()));
                if (params.containsKey(JAVA_STRING)) {
                    map.addProp(AVRO_JAVA_STRING, params.get(JAVA_STRING));
                }
                return map;
            case BYTES:
                return org.apache.avro.Schema.create(Type.BYTES);
            case INT8:
            case INT16:
            case INT32:
                return org.apache.avro.Schema.create(Type.INT);
            case INT64:
                if (Timestamp.LOGICAL_NAME.equals(connect.name())) {
                    return LogicalTypes.timestampMillis().addToSchema(org.apache.avro.Schema.create(Type.LONG));
                }
                return org.apache.avro.Schema.create(Type.LONG);
            case FLOAT32:
                return org.apache.avro.Schema.create(Type.FLOAT);
            case FLOAT64:
                return org.apache.avro.Schema.create(Type.DOUBLE);
            case BOOLEAN:
                return org.apache.avro.Schema.create(Type.BOOLEAN);
            default:
                throw new DataException("Connect type " + connect.type() + " has no Avro equivalent");
        }
    }

    private org.apache.avro.Schema.Field avroField(Field f) {
        Schema fs = f.schema();
        String doc = fs.parameters() == null ? null : fs.parameters().get(FIELD_DOC);
        org.apache.avro.Schema avro = toAvro(fs);
        Object defaultValue;
        if (fs.isOptional()) {
            defaultValue = JsonProperties.NULL_VALUE; // nullable fields default to null, as in our .avsc files
        } else if (fs.defaultValue() != null) {
            defaultValue = avroDefault(fs, fs.defaultValue());
        } else {
            defaultValue = null;
        }
        return new org.apache.avro.Schema.Field(f.name(), avro, doc, defaultValue);
    }

    /** Defaults in the plain Java shapes Avro's Field accepts (JSON-like). */
    private static Object avroDefault(Schema schema, Object value) {
        return switch (schema.type()) {
            case ARRAY ->
                ((List<?>) value)
                        .stream().map(v -> avroDefault(schema.valueSchema(), v)).toList();
            case MAP -> {
                Map<String, Object> m = new LinkedHashMap<>();
                ((Map<?, ?>) value).forEach((k, v) -> m.put(k.toString(), avroDefault(schema.valueSchema(), v)));
                yield m;
            }
            case INT64 -> value instanceof java.util.Date d ? d.getTime() : value;
            case BYTES ->
                value instanceof byte[] b ? new String(b, java.nio.charset.StandardCharsets.ISO_8859_1) : value;
            default -> value;
        };
    }

    private Object toAvroValue(Schema schema, org.apache.avro.Schema avro, Object value) {
        if (value == null) {
            if (!schema.isOptional()) {
                throw new DataException("null for required " + describe(schema));
            }
            return null;
        }
        if (avro.getType() == Type.UNION) {
            avro = nonNullBranch(avro);
        }
        switch (schema.type()) {
            case STRUCT: {
                Struct struct = (Struct) value;
                GenericData.Record record = new GenericData.Record(avro);
                for (Field f : schema.fields()) {
                    record.put(
                            f.name(),
                            toAvroValue(f.schema(), avro.getField(f.name()).schema(), struct.get(f)));
                }
                return record;
            }
            case ARRAY: {
                List<Object> out = new ArrayList<>();
                for (Object item : (Collection<?>) value) {
                    out.add(toAvroValue(schema.valueSchema(), avro.getElementType(), item));
                }
                return out;
            }
            case MAP: {
                Map<String, Object> out = new LinkedHashMap<>();
                for (Map.Entry<?, ?> e : ((Map<?, ?>) value).entrySet()) {
                    out.put(
                            e.getKey().toString(),
                            toAvroValue(schema.valueSchema(), avro.getValueType(), e.getValue()));
                }
                return out;
            }
            case STRING:
                if (avro.getType() == Type.ENUM) {
                    String symbol = value.toString();
                    if (!avro.hasEnumSymbol(symbol)) {
                        throw new DataException("'" + symbol + "' is not a symbol of enum " + avro.getFullName() + " "
                                + avro.getEnumSymbols());
                    }
                    return new GenericData.EnumSymbol(avro, symbol);
                }
                return value.toString();
            case BYTES:
                return value instanceof byte[] b ? ByteBuffer.wrap(b) : value;
            case INT64:
                return value instanceof java.util.Date d ? d.getTime() : ((Number) value).longValue();
            case INT8:
            case INT16:
            case INT32:
                return ((Number) value).intValue();
            default:
                return value;
        }
    }

    // ---------------------------------------------------------------- helpers

    private static org.apache.avro.Schema nullable(org.apache.avro.Schema s) {
        return org.apache.avro.Schema.createUnion(Arrays.asList(org.apache.avro.Schema.create(Type.NULL), s));
    }

    private static org.apache.avro.Schema nonNullBranch(org.apache.avro.Schema union) {
        List<org.apache.avro.Schema> types = union.getTypes();
        List<org.apache.avro.Schema> nonNull =
                types.stream().filter(t -> t.getType() != Type.NULL).toList();
        if (types.size() != 2 || nonNull.size() != 1) {
            throw new DataException("only nullable unions [\"null\", T] convert to Connect, not " + union);
        }
        return nonNull.get(0);
    }

    private static String describe(Schema schema) {
        return schema.type() + (schema.name() != null ? " " + schema.name() : "");
    }
}
