package dev.gpuarb.streams.api;

import java.lang.reflect.RecordComponent;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.IndexedRecord;

/**
 * Plain JSON shapes for Avro values: records become objects, times ISO-8601 strings, bytes base64,
 * and unions their value (Avro's own JSON encoding wraps union members, which API clients do not want).
 * Java records (the application's own state, such as route trails) become objects of their components.
 */
public final class AvroJson {

    private AvroJson() {}

    public static Object toJson(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof IndexedRecord record) {
            Map<String, Object> object = new LinkedHashMap<>();
            for (Schema.Field field : record.getSchema().getFields()) {
                object.put(field.name(), toJson(record.get(field.pos())));
            }
            return object;
        }
        if (value instanceof Record record) {
            Map<String, Object> object = new LinkedHashMap<>();
            for (RecordComponent component : record.getClass().getRecordComponents()) {
                try {
                    object.put(
                            component.getName(), toJson(component.getAccessor().invoke(record)));
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException(
                            "cannot read " + component + " of "
                                    + record.getClass().getName(),
                            e);
                }
            }
            return object;
        }
        if (value instanceof Collection<?> items) {
            List<Object> list = new ArrayList<>(items.size());
            items.forEach(item -> list.add(toJson(item)));
            return list;
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> object = new LinkedHashMap<>();
            map.forEach((k, v) -> object.put(k.toString(), toJson(v)));
            return object;
        }
        if (value instanceof Instant instant) {
            return instant.toString();
        }
        if (value instanceof ByteBuffer buffer) {
            byte[] bytes = new byte[buffer.remaining()];
            buffer.duplicate().get(bytes);
            return Base64.getEncoder().encodeToString(bytes);
        }
        if (value instanceof Double d && !Double.isFinite(d)) {
            return null; // JSON has no NaN or infinity
        }
        if (value instanceof Number || value instanceof Boolean) {
            return value;
        }
        if (value instanceof Enum<?> e) {
            return e.name();
        }
        return value.toString();
    }
}
