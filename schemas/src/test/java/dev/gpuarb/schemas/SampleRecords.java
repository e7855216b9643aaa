package dev.gpuarb.schemas;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificRecord;

/**
 * Fully populated records of any schema (every nullable field set, arrays and maps non-empty),
 * deterministic per seed, so round-trip tests exercise every field of every schema.
 */
public final class SampleRecords {

    private SampleRecords() {}

    public static GenericData.Record generic(Schema schema, long seed) {
        return (GenericData.Record) value(schema, new Random(seed), 0);
    }

    /** The same sample as a generated class instance. */
    @SuppressWarnings("unchecked")
    public static <T extends SpecificRecord> T specific(Class<T> type, long seed) {
        Schema schema = SpecificData.get().getSchema(type);
        GenericData.Record record = generic(schema, seed);
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            BinaryEncoder enc = EncoderFactory.get().binaryEncoder(out, null);
            new GenericDatumWriter<>(schema).write(record, enc);
            enc.flush();
            return (T) new SpecificDatumReader<>(schema, schema, SpecificData.getForClass(type))
                    .read(null, DecoderFactory.get().binaryDecoder(out.toByteArray(), null));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Object value(Schema s, Random r, int depth) {
        switch (s.getType()) {
            case RECORD: {
                GenericData.Record rec = new GenericData.Record(s);
                for (Schema.Field f : s.getFields()) {
                    rec.put(f.pos(), value(f.schema(), r, depth + 1));
                }
                return rec;
            }
            case UNION:
                return value(
                        s.getTypes().stream()
                                .filter(t -> t.getType() != Schema.Type.NULL)
                                .findFirst()
                                .orElseThrow(),
                        r,
                        depth);
            case ENUM:
                return new GenericData.EnumSymbol(
                        s, s.getEnumSymbols().get(r.nextInt(s.getEnumSymbols().size())));
            case ARRAY: {
                List<Object> list = new ArrayList<>();
                for (int i = 0; i < 2; i++) {
                    list.add(value(s.getElementType(), r, depth + 1));
                }
                return new GenericData.Array<>(s, list);
            }
            case MAP: {
                Map<String, Object> map = new LinkedHashMap<>();
                map.put("k" + r.nextInt(100), value(s.getValueType(), r, depth + 1));
                return map;
            }
            case STRING:
                return "s-" + Integer.toHexString(r.nextInt()) + "-é";
            case BYTES:
                byte[] b = new byte[8];
                r.nextBytes(b);
                return ByteBuffer.wrap(b);
            case INT:
                return r.nextInt(1000);
            case LONG:
                return s.getLogicalType() instanceof LogicalTypes.TimestampMillis
                        ? 1_700_000_000_000L + r.nextInt(1_000_000_000)
                        : r.nextLong();
            case FLOAT:
                return r.nextFloat();
            case DOUBLE:
                return Math.round(r.nextDouble() * 1e6) / 1e3;
            case BOOLEAN:
                return r.nextBoolean();
            default:
                throw new IllegalArgumentException("no sample for " + s);
        }
    }
}
